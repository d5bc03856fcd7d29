#include "tests/integration/bad_input.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

const std::string kKeptReply = "VALUE kept 7 4\r\nsafe\r\nEND\r\n";

}  // namespace

void BadInputTest::SetUp() {
  if (is_proxy()) {
    if (const std::string missing = missing_cluster_binary(); !missing.empty()) {
      GTEST_SKIP() << missing;
    }
    // Failover is not under test here: generous timeouts, so that a slow build (TSan) or a
    // busy machine never turns a deep pipeline's late replies into failover misses.
    ProxyTimings timings;
    timings.connect_ms = 2000;
    timings.reply_ms = 5000;
    cluster_ = std::make_unique<ProxyCluster>(2, timings);
    ASSERT_EQ(cluster_->error(), "");
    port_ = cluster_->port();
    pid_ = cluster_->proxy().pid();
  } else {
    const ServerSpec spec = is_memcached() ? memcached_spec() : ringcache_spec();
    if (!binary_exists(spec.binary)) {
      GTEST_SKIP() << spec.binary << " not found";
    }
    server_ = std::make_unique<ServerProcess>(spec);
    ASSERT_TRUE(server_->started()) << server_->error();
    port_ = server_->port();
    pid_ = server_->pid();
  }
  bystander_.emplace(connect());
  EXPECT_REPLY(*bystander_, "set kept 7 0 4\r\nsafe\r\n", "STORED\r\n");
}

void BadInputTest::TearDown() {
  if (bystander_) expect_item_kept();
  if (server_) {
    EXPECT_EQ(server_->stop(), "") << "the server must survive bad input";
  }
  if (cluster_ && cluster_->error().empty()) {
    EXPECT_TRUE(cluster_->proxy().alive()) << cluster_->proxy().output();
    EXPECT_EQ(cluster_->proxy().stop(), "") << "the proxy must survive bad input";
  }
}

TestClient BadInputTest::connect() {
  TestClient client(port_);
  EXPECT_TRUE(client.connected()) << client.error();
  return client;
}

void BadInputTest::expect_item_kept() {
  ASSERT_TRUE(bystander_);
  EXPECT_REPLY(*bystander_, "get kept\r\n", kKeptReply);
  TestClient fresh = connect();
  EXPECT_REPLY(fresh, "get kept\r\n", kKeptReply);
}

void BadInputTest::expect_rss_growth_below(long before, long limit_kib, const std::string& what) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  (void)before;
  (void)limit_kib;
  (void)what;
#else
  const long growth = rss() - before;
  std::cout << "[ figures  ] " << GetParam() << ": RSS +" << growth << " KiB " << what << "\n";
  EXPECT_LT(growth, limit_kib) << what;
#endif
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    long kib = -1;
    fields >> kib;
    return kib;
  }
  return -1;
}

}  // namespace ringcache::integration
