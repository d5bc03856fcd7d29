// scripts/cluster: starts the nodes of a configuration and the proxy in the background, reports
// them, stops them; refuses any configuration that would listen beyond loopback.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
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
constexpr milliseconds kScriptLimit{60'000};

class ClusterScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ringcache-cluster-script-XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    if (started_) cluster("stop");  // whatever the test left running
    std::filesystem::remove_all(dir_);
  }

  // Runs scripts/cluster ACTION on this test's config, with this build's binaries.
  CommandResult cluster(const std::string& action) {
    if (action == "start") started_ = true;
    const std::string build_dir =
        std::filesystem::path(ringcache_spec().binary).parent_path().parent_path();
    return run_command(
        {"/usr/bin/env", "RINGCACHE_BUILD_DIR=" + build_dir,
         "RINGCACHE_CLUSTER_DIR=" + dir_ + "/run", "RINGCACHE_STOP_TIMEOUT=5", "/bin/bash",
         std::string(RINGCACHE_SOURCE_DIR) + "/scripts/cluster", action, dir_ + "/cluster.json"},
        kScriptLimit);
  }
  // The build these tests belong to (the script expects node/ and proxy/ under it).
  static std::string build_dir() {
    return std::filesystem::path(ringcache_spec().binary).parent_path().parent_path();
  }
  void write_config(const std::string& listen_host, const std::string& node_host) {
    std::ofstream(dir_ + "/cluster.json")
        << "{\"listeners\": [{\"address\": \"" << listen_host << "\", \"port\": " << proxy_port_
        << "}], \"pools\": [{\"nodes\": [\"" << node_host << ":" << node_ports_[0]
        << "\", \"127.0.0.1:" << node_ports_[1] << "\"]}], \"timeouts\": {\"reply_ms\": 500}}\n";
  }

  std::string dir_;
  bool started_ = false;
  int proxy_port_ = pick_free_port();
  int node_ports_[2] = {pick_free_port(), pick_free_port()};
};

TEST_F(ClusterScriptTest, RefusesAddressesBeyondLoopback) {
  for (const auto& [listen, node] : {std::pair<std::string, std::string>{"0.0.0.0", "127.0.0.1"},
                                     {"127.0.0.1", "10.1.2.3"},
                                     {"192.168.1.1", "127.0.0.1"}}) {
    write_config(listen, node);
    const CommandResult r = cluster("start");
    EXPECT_EQ(r.exit_code, 2) << listen << " / " << node << ":\n" << r.output;
    EXPECT_NE(r.output.find("loopback"), std::string::npos) << r.output;
    EXPECT_FALSE(accepts_connections(node_ports_[1])) << "a node was started anyway";
    EXPECT_FALSE(accepts_connections(proxy_port_)) << "the proxy was started anyway";
  }
}

TEST_F(ClusterScriptTest, StartStatusStop) {
  for (const char* bin : {"/node/ringcache-node", "/proxy/ringcache-proxy"}) {
    if (!binary_exists(build_dir() + bin)) GTEST_SKIP() << build_dir() + bin << " not built";
  }
  write_config("127.0.0.1", "127.0.0.1");
  const CommandResult start = cluster("start");
  ASSERT_EQ(start.exit_code, 0) << start.output;
  EXPECT_NE(start.output.find("127.0.0.1:" + std::to_string(proxy_port_)), std::string::npos)
      << "start must say where to connect:\n"
      << start.output;
  {
    TestClient c(proxy_port_);
    ASSERT_TRUE(c.connected()) << c.error();
    EXPECT_REPLY(c, "set k 0 0 2\r\nhi\r\n", "STORED\r\n");
    EXPECT_REPLY(c, "get k\r\n", "VALUE k 0 2\r\nhi\r\nEND\r\n");
  }
  const CommandResult status = cluster("status");
  EXPECT_EQ(status.exit_code, 0) << status.output;
  const CommandResult again = cluster("start");
  EXPECT_EQ(again.exit_code, 0) << "a second start finds everything running:\n" << again.output;
  EXPECT_NE(again.output.find("already runs"), std::string::npos) << again.output;

  const CommandResult stop = cluster("stop");
  EXPECT_EQ(stop.exit_code, 0) << stop.output;
  for (int port : {proxy_port_, node_ports_[0], node_ports_[1]}) {
    EXPECT_FALSE(accepts_connections(port)) << "port " << port << " still served after stop";
  }
  const CommandResult after = cluster("status");
  EXPECT_EQ(after.exit_code, 3) << after.output;
  EXPECT_NE(after.output.find("stopped"), std::string::npos) << after.output;
}

}  // namespace
}  // namespace ringcache::integration
