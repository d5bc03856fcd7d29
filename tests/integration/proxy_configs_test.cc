// The shipped cluster configurations and the examples in cluster-configs/README.md are valid:
// a user copying either gets a file the proxy accepts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/config/cluster_config.h"

#ifndef RINGCACHE_SOURCE_DIR
#define RINGCACHE_SOURCE_DIR "."
#endif

namespace ringcache::integration {
namespace {

const std::filesystem::path kConfigDir =
    std::filesystem::path(RINGCACHE_SOURCE_DIR) / "cluster-configs";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string errors_of(const common::ConfigParseResult& r) {
  std::string out;
  for (const auto& e : r.errors) out += "\n  " + e.to_string();
  return out;
}

// The ```json blocks of a markdown file.
std::vector<std::string> json_blocks(const std::string& markdown) {
  std::vector<std::string> out;
  const std::string open = "```json\n";
  for (std::size_t at = markdown.find(open); at != std::string::npos;
       at = markdown.find(open, at)) {
    at += open.size();
    const std::size_t end = markdown.find("```", at);
    if (end == std::string::npos) break;
    out.push_back(markdown.substr(at, end - at));
    at = end + 3;
  }
  return out;
}

TEST(ProxyConfigsTest, ShippedConfigsAreValidAndLoopbackOnly) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kConfigDir)) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    const auto r = common::parse_cluster_config(read_file(entry.path()));
    EXPECT_TRUE(r.ok()) << entry.path() << errors_of(r);
    // The shipped files run on a developer machine: nothing listens beyond loopback.
    for (const auto& l : r.config.listeners) {
      EXPECT_EQ(l.address, "127.0.0.1") << entry.path();
    }
  }
  EXPECT_GT(count, 0) << "no configuration in " << kConfigDir;
}

TEST(ProxyConfigsTest, LocalThreeNodeConfigIsWhatTheReadmePromises) {
  const auto r = common::parse_cluster_config(read_file(kConfigDir / "local-3node.json"));
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.config.listeners.size(), 1u);
  EXPECT_EQ(r.config.listeners[0].port, 22122);
  EXPECT_EQ(r.config.listeners[0].role, common::Role::kReadWrite);
  ASSERT_EQ(r.config.pools.size(), 1u);
  ASSERT_EQ(r.config.pools[0].nodes.size(), 3u);
  for (uint16_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.config.pools[0].nodes[i].host, "127.0.0.1");
    EXPECT_EQ(r.config.pools[0].nodes[i].port, 11211 + i);
  }
}

TEST(ProxyConfigsTest, AccessExampleIsWhatTheReadmePromises) {
  const auto r = common::parse_cluster_config(read_file(kConfigDir / "access-example.json"));
  ASSERT_TRUE(r.ok()) << errors_of(r);
  ASSERT_EQ(r.config.listeners.size(), 2u);
  const auto& app = r.config.listeners[0];
  EXPECT_EQ(app.role, common::Role::kReadWrite);
  EXPECT_EQ(app.auth, common::AuthMode::kOptional);
  EXPECT_TRUE(app.scope.empty());
  const auto& content = r.config.listeners[1];
  EXPECT_EQ(content.role, common::Role::kReadOnly);
  EXPECT_EQ(content.scope, (common::KeyScope{"page:", "fragment:"}));
  for (const auto& rule : content.rules) {
    EXPECT_NE(rule.role, common::Role::kAdmin) << rule.cidr.text;
    EXPECT_FALSE(rule.scope.empty()) << rule.cidr.text;
  }
  ASSERT_EQ(r.config.users.size(), 1u);
  EXPECT_EQ(r.config.users[0].role, common::Role::kAdmin);
}

// Whole documents must parse as they are; fragments ("key": value) must parse inside a
// minimal document that they complete or override.
TEST(ProxyConfigsTest, ReadmeExamplesAreValid) {
  const std::vector<std::string> blocks = json_blocks(read_file(kConfigDir / "README.md"));
  ASSERT_GE(blocks.size(), 7u) << "an example for every section";
  const nlohmann::json base = nlohmann::json::parse(
      R"({"listeners": [{"port": 1, "pool": "main"}],
          "pools": [{"name": "main", "nodes": ["127.0.0.1:1"]}]})");
  for (const std::string& block : blocks) {
    std::string document = block;
    if (block.find('{') != 0) {
      nlohmann::json merged = base;
      merged.update(nlohmann::json::parse("{" + block + "}"));
      document = merged.dump();
    }
    const auto r = common::parse_cluster_config(document);
    EXPECT_TRUE(r.ok()) << block << errors_of(r);
  }
}

// Every option of the configuration is documented with its default.
TEST(ProxyConfigsTest, ReadmeListsEveryOption) {
  const std::string readme = read_file(kConfigDir / "README.md");
  for (const char* option :
       {"`listeners[].address` | `\"127.0.0.1\"`", "`listeners[].port` | required",
        "`listeners[].role` | `\"read-write\"`", "`listeners[].pool`",
        "`pools[].name` | `\"default\"`", "`pools[].hash` | `\"ketama\"`",
        "`pools[].nodes` | required", "`pools[].nodes[].address`", "`pools[].nodes[].weight` | `1`",
        "`pools[].nodes[].name`", "`timeouts.connect_ms` | `1000`", "`timeouts.reply_ms` | `1000`",
        "`failure_detection.consecutive_timeouts` | `3`",
        "`failure_detection.probe_backoff_min_ms` | `100`",
        "`failure_detection.probe_backoff_max_ms` | `10000`",
        "`failure_detection.max_down_share` | `0.5`",
        "`write_failover_reply` | `\"NOT_STORED\"`", "`listeners[].rules` | none",
        "`listeners[].rules[].cidr` | required", "`listeners[].rules[].role` | required",
        "`listeners[].rules[].scope` | every key", "`listeners[].scope` | every key",
        "`listeners[].auth` | `\"none\"`", "`users` | none", "`users[].name` | required",
        "`users[].password_hash` | required", "`users[].role` | required",
        "`users[].scope` | every key"}) {
    EXPECT_NE(readme.find(option), std::string::npos) << option;
  }
  // The defaults documented are the parser's.
  const auto r = common::parse_cluster_config(
      R"({"listeners": [{"port": 1}], "pools": [{"nodes": ["127.0.0.1:1"]}]})");
  ASSERT_TRUE(r.ok()) << errors_of(r);
  const common::ClusterConfig& c = r.config;
  EXPECT_EQ(c.listeners[0].address, "127.0.0.1");
  EXPECT_EQ(c.listeners[0].role, common::Role::kReadWrite);
  EXPECT_EQ(c.pools[0].name, "default");
  EXPECT_EQ(c.pools[0].hash, common::HashMode::kKetama);
  EXPECT_EQ(c.pools[0].nodes[0].weight, 1u);
  EXPECT_EQ(c.timeouts.connect_ms, 1000u);
  EXPECT_EQ(c.timeouts.reply_ms, 1000u);
  EXPECT_EQ(c.failure_detection.consecutive_timeouts, 3u);
  EXPECT_EQ(c.failure_detection.probe_backoff_min_ms, 100u);
  EXPECT_EQ(c.failure_detection.probe_backoff_max_ms, 10'000u);
  EXPECT_EQ(c.failure_detection.max_down_share, 0.5);
  EXPECT_EQ(c.write_failover_reply, common::WriteFailoverReply::kNotStored);
}

}  // namespace
}  // namespace ringcache::integration
