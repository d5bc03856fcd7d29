#include "proxy/config/config_loader.h"

#include <gtest/gtest.h>

#include "tests/proxy/config_test_util.h"

namespace ringcache::proxy {
namespace {

using test::config_json;
using test::TempConfigFile;

TEST(ListenOptionTest, ParsesAddressPortAndRole) {
  std::string error;
  auto l = parse_listen_option("127.0.0.1:22122", error);
  ASSERT_TRUE(l) << error;
  EXPECT_EQ(l->address, "127.0.0.1");
  EXPECT_EQ(l->port, 22122);
  EXPECT_EQ(l->role, common::Role::kReadWrite);
  l = parse_listen_option("[::1]:0=read-only", error);
  ASSERT_TRUE(l) << error;
  EXPECT_EQ(l->address, "::1");
  EXPECT_EQ(l->port, 0);
  EXPECT_EQ(l->role, common::Role::kReadOnly);
  l = parse_listen_option("localhost:9=admin", error);
  ASSERT_TRUE(l) << error;
  EXPECT_EQ(l->role, common::Role::kAdmin);
}

TEST(ListenOptionTest, RejectsMalformedValues) {
  std::string error;
  EXPECT_FALSE(parse_listen_option("127.0.0.1", error));
  EXPECT_FALSE(parse_listen_option("127.0.0.1:70000", error));
  EXPECT_FALSE(parse_listen_option("127.0.0.1:1=root", error));
  EXPECT_NE(error.find("bad role"), std::string::npos);
}

TEST(NodesOptionTest, ParsesAListAndRejectsDuplicates) {
  std::string error;
  auto nodes = parse_nodes_option("127.0.0.1:11211,127.0.0.1:11212", error);
  ASSERT_TRUE(nodes) << error;
  ASSERT_EQ(nodes->size(), 2u);
  EXPECT_EQ((*nodes)[1].port, 11212);
  EXPECT_FALSE(parse_nodes_option("127.0.0.1:11211,127.0.0.1:11211", error));
  EXPECT_FALSE(parse_nodes_option("127.0.0.1", error));
  EXPECT_FALSE(parse_nodes_option("", error));
}

TEST(LoadConfigTest, QuickStartMakesOnePool) {
  ConfigSource source;
  std::string error;
  source.listeners.push_back(*parse_listen_option("127.0.0.1:0", error));
  source.nodes = *parse_nodes_option("127.0.0.1:1,127.0.0.1:2", error);
  LoadResult r = load_config(source);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.config.pools.size(), 1u);
  EXPECT_EQ(r.config.pools[0].nodes.size(), 2u);
  EXPECT_EQ(r.config.listeners[0].pool, r.config.pools[0].name);
  EXPECT_FALSE(load_config(ConfigSource{}).ok());
}

TEST(LoadConfigTest, ReportsErrorsWithTheirJsonPaths) {
  TempConfigFile file(R"({"listeners": [{"port": 1}], "pools": [{"nodes": ["nope"]}]})");
  LoadResult r = load_config(ConfigSource{file.path(), {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors, std::vector<std::string>{R"(pools[0].nodes[0]: expected "host:port")"});
  EXPECT_FALSE(load_config(ConfigSource{"/nonexistent/ringcache.json", {}, {}}).ok());
}

TEST(LoadConfigTest, CommandLineListenersReplaceTheFiles) {
  TempConfigFile file(config_json(11311, R"("127.0.0.1:11211")"));
  ConfigSource source{file.path(), {}, {}};
  std::string error;
  source.listeners.push_back(*parse_listen_option("127.0.0.1:0=read-only", error));
  LoadResult r = load_config(source);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.config.listeners.size(), 1u);
  EXPECT_EQ(r.config.listeners[0].port, 0);
  EXPECT_EQ(r.config.listeners[0].pool, "main");
}

TEST(ListenersChangedTest, OnlyAddressesAndPortsNeedARestart) {
  common::ClusterConfig a;
  a.listeners.push_back({"127.0.0.1", 1, common::Role::kReadWrite, "p"});
  common::ClusterConfig b = a;
  b.listeners[0].role = common::Role::kReadOnly;
  b.listeners[0].pool = "q";
  EXPECT_EQ(listeners_changed(a, b), "");
  b.listeners[0].port = 2;
  EXPECT_NE(listeners_changed(a, b).find("restart"), std::string::npos);
  b = a;
  b.listeners.push_back(a.listeners[0]);
  EXPECT_NE(listeners_changed(a, b), "");
}

}  // namespace
}  // namespace ringcache::proxy
