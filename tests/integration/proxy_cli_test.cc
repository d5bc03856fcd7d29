// ringcache-proxy's command line: --check-config on good and bad files, and the
// --listen/--nodes form that needs no file.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/run_command.h"
#include "tests/integration/server_test.h"

#ifndef RINGCACHE_SOURCE_DIR
#define RINGCACHE_SOURCE_DIR "."
#endif

namespace ringcache::integration {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kCommandLimit{10'000};

class ProxyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const std::string missing = missing_cluster_binary(); !missing.empty()) {
      GTEST_SKIP() << missing;
    }
    for (int i = 0; i < 2; ++i) {
      nodes_.push_back(std::make_unique<ServerProcess>(cluster_node_spec()));
      ASSERT_TRUE(nodes_.back()->started()) << nodes_.back()->error();
    }
    char dir[] = "/tmp/ringcache-proxy-cli-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string nodes_arg() const {
    return "127.0.0.1:" + std::to_string(nodes_[0]->port()) +
           ",127.0.0.1:" + std::to_string(nodes_[1]->port());
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  CommandResult check_config(const std::string& path) const {
    return run_command({proxy_spec().binary, "--check-config", "--config", path}, kCommandLimit);
  }
  std::string good_config() const {
    return "{\"listeners\": [{\"port\": " + std::to_string(pick_free_port()) +
           "}], \"pools\": [{\"nodes\": [\"127.0.0.1:" + std::to_string(nodes_[0]->port()) +
           "\", {\"address\": \"127.0.0.1:" + std::to_string(nodes_[1]->port()) +
           "\", \"weight\": 2, \"name\": \"b\"}]}]}";
  }
  // A proxy started from the command line, its port read from its "listening on" line.
  std::unique_ptr<ServerProcess> start_proxy(const std::string& listen) const {
    const std::string nodes = nodes_arg();
    return std::make_unique<ServerProcess>(
        proxy_spec(),
        [listen, nodes](int) {
          return std::vector<std::string>{"--listen", listen, "--nodes", nodes};
        },
        PortChoice{0, true});
  }

  std::vector<std::unique_ptr<ServerProcess>> nodes_;
  std::string dir_;
};

TEST_F(ProxyCliTest, CheckConfigAcceptsAGoodFile) {
  const CommandResult r = check_config(write("good.json", good_config()));
  EXPECT_FALSE(r.timed_out) << "--check-config must validate and exit, not serve";
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(ProxyCliTest, CheckConfigRejectsBadFilesNamingTheJsonPath) {
  struct Case {
    std::string text;
    std::string path;  // the JSON path the message must name
  };
  const Case cases[] = {
      {"{\"listeners\": [{\"port\": 1}], \"pools\": [{\"nodes\": [\"127.0.0.1:1\", \"x\"]}]}",
       "pools[0].nodes[1]"},
      {"{\"listeners\": [{\"port\": 70000}], \"pools\": [{\"nodes\": [\"127.0.0.1:1\"]}]}",
       "listeners[0].port"},
      {"{\"listeners\": [{\"port\": 1}], \"pools\": [{\"nodes\": [\"127.0.0.1:1\"]}], "
       "\"timeouts\": {\"reply_ms\": \"fast\"}}",
       "timeouts.reply_ms"},
      {"{\"listeners\": [{\"port\": 1}], \"pools\": [{\"nodes\": [\"127.0.0.1:1\"]}], "
       "\"typo\": 1}",
       "typo"},
      {"{\"listeners\": [", "invalid JSON"},
  };
  for (const Case& c : cases) {
    const CommandResult r = check_config(write("bad.json", c.text));
    EXPECT_FALSE(r.timed_out);
    EXPECT_NE(r.exit_code, 0) << c.text << "\n" << r.output;
    EXPECT_NE(r.output.find(c.path), std::string::npos) << "the error must name " << c.path << ":\n"
                                                        << r.output;
  }
  const CommandResult missing = check_config(dir_ + "/does-not-exist.json");
  EXPECT_NE(missing.exit_code, 0) << missing.output;
  EXPECT_FALSE(missing.timed_out);
}

TEST_F(ProxyCliTest, ListenAndNodesWithoutAFile) {
  auto proxy = start_proxy("127.0.0.1:0");
  ASSERT_TRUE(proxy->started()) << proxy->error();
  TestClient c(proxy->port());
  ASSERT_TRUE(c.connected()) << c.error();
  const std::vector<std::string> keys = numbered_keys("cli:", 40);
  std::string request;
  std::string expected;
  for (const auto& k : keys) {
    request += set_cmd(k, k) + "get " + k + "\r\n";
    expected +=
        "STORED\r\nVALUE " + k + " 0 " + std::to_string(k.size()) + "\r\n" + k + "\r\nEND\r\n";
  }
  EXPECT_REPLY(c, request, expected);
  // Both nodes got keys.
  std::string get_all = "get";
  for (const auto& k : keys) get_all += " " + k;
  for (const auto& node : nodes_) {
    TestClient n(node->port());
    const std::string reply = n.request(get_all + "\r\n", "END\r\n");
    EXPECT_NE(reply.find("VALUE"), std::string::npos) << "node " << node->port() << " got no key";
  }
  EXPECT_EQ(proxy->stop(), "");
}

// --hash-password reads stdin and prints a salted crypt(3) hash; the shipped access example
// passes --check-config.
TEST_F(ProxyCliTest, HashPasswordAndAccessExample) {
  const std::string cmd = "printf 'open sesame\\n' | '" + proxy_spec().binary + "' --hash-password";
  const CommandResult a = run_command({"/bin/sh", "-c", cmd}, kCommandLimit);
  const CommandResult b = run_command({"/bin/sh", "-c", cmd}, kCommandLimit);
  ASSERT_EQ(a.exit_code, 0) << a.output;
  EXPECT_TRUE(a.output.rfind("$y$", 0) == 0 || a.output.rfind("$6$", 0) == 0) << a.output;
  EXPECT_EQ(a.output.find("open sesame"), std::string::npos);
  EXPECT_NE(a.output, b.output) << "hashes must be salted";
  const CommandResult empty =
      run_command({"/bin/sh", "-c", "'" + proxy_spec().binary + "' --hash-password </dev/null"},
                  kCommandLimit);
  EXPECT_NE(empty.exit_code, 0) << empty.output;

  const CommandResult example =
      check_config(std::string(RINGCACHE_SOURCE_DIR) + "/cluster-configs/access-example.json");
  EXPECT_EQ(example.exit_code, 0) << example.output;
  EXPECT_NE(example.output.find("OK"), std::string::npos) << example.output;
}

TEST_F(ProxyCliTest, ListenRoleSuffix) {
  auto proxy = start_proxy("127.0.0.1:0=read-only");
  ASSERT_TRUE(proxy->started()) << proxy->error();
  TestClient c(proxy->port());
  EXPECT_REPLY(c, "set k 0 0 1\r\nx\r\n", "CLIENT_ERROR access denied\r\n");
  EXPECT_REPLY(c, "get k\r\n", "END\r\n");
  EXPECT_EQ(proxy->stop(), "");
}

}  // namespace
}  // namespace ringcache::integration
