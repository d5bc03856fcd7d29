// Load on ringcache-node and ringcache-proxy: 10,000 concurrent client connections that each
// get their own correct reply; connection churn (connect, one request, close) at a high rate
// with no descriptor left behind; the connection limit reached (memcached's "ERROR Too many
// open connections", then close) and recovered from once clients leave.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "tests/integration/connection_swarm.h"
#include "tests/integration/proc_usage.h"
#include "tests/integration/proxy_cluster.h"
#include "tests/integration/proxy_traffic.h"
#include "tests/integration/server_process.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kConcurrent = 10'000;
// The test's own descriptors besides the swarm (binaries, logs, stats clients).
constexpr std::size_t kSpareFds = 256;
constexpr milliseconds kChurnTime{4000};
constexpr std::size_t kChurnMax = 12'000;  // well inside the ephemeral port range
constexpr std::size_t kLimit = 32;

std::string key_of(std::size_t i) { return "conn:" + std::to_string(i); }
std::string value_of(std::size_t i) { return "value-" + std::to_string(i * 7919); }

// Each connection stores its own key and reads it back in one write: a reply that went to the
// wrong connection, or was cut or merged, shows up as a mismatch.
std::string own_key_request(std::size_t i) {
  return set_cmd(key_of(i), value_of(i)) + "get " + key_of(i) + "\r\n";
}
std::string own_key_reply(std::size_t i) {
  return "STORED\r\nVALUE " + key_of(i) + " 0 " + std::to_string(value_of(i).size()) + "\r\n" +
         value_of(i) + "\r\nEND\r\n";
}

// Why 10,000 connections cannot be opened here, or "" (raises the soft limit, which servers
// started afterwards inherit; each process needs its own 10,000).
std::string fd_limit_problem() {
  const std::size_t have = raise_fd_limit(kConcurrent + kSpareFds);
  if (have >= kConcurrent + kSpareFds) return "";
  return "RLIMIT_NOFILE hard limit allows " + std::to_string(have) + " descriptors; " +
         std::to_string(kConcurrent + kSpareFds) + " needed (raise it with ulimit -Hn)";
}

// Opens kConcurrent connections to `port`, has each store and read its key, closes them and
// checks that `pid` is back to its idle descriptor count.
void expect_concurrent_clients(int port, pid_t pid) {
  const long idle_fds = open_fds(pid);
  ConnectionSwarm swarm(port, kConcurrent, seconds(60));
  ASSERT_EQ(swarm.opened(), kConcurrent) << swarm.error();
  const auto start = Clock::now();
  const std::size_t correct = swarm.exchange(own_key_request, own_key_reply, seconds(60));
  ::testing::Test::RecordProperty(
      "exchange_ms",
      static_cast<int>(std::chrono::duration_cast<milliseconds>(Clock::now() - start).count()));
  EXPECT_EQ(correct, kConcurrent) << ::testing::PrintToString(swarm.failures());
  EXPECT_GE(open_fds(pid), static_cast<long>(kConcurrent)) << "were they all open at once?";
  TestClient c(port);
  EXPECT_GE(stat_int(stats(c), "curr_connections"), static_cast<long long>(kConcurrent));
  c.close();
  swarm.close_all();
  EXPECT_TRUE(eventually(seconds(20), [&] { return open_fds(pid) <= idle_fds; }))
      << idle_fds << " descriptors before, " << open_fds(pid) << " after closing";
}

struct ChurnResult {
  std::size_t connections = 0;
  std::size_t errors = 0;
  std::string first_error;
};

// Connect, one request, close, for kChurnTime (at most kChurnMax times). Every other
// connection ends with `quit`, so both sides take turns closing first.
ChurnResult churn(int port) {
  ChurnResult r;
  const auto deadline = Clock::now() + kChurnTime;
  for (std::size_t n = 0; n < kChurnMax && Clock::now() < deadline; ++n) {
    TestClient c(port, seconds(5));
    ++r.connections;
    const std::string key = "churn:" + std::to_string(n % 500);
    const std::string got =
        n % 2 == 0 ? c.request(set_cmd(key, "v")) : c.request("get " + key + "\r\n", "END\r\n");
    const bool ok = n % 2 == 0 ? got == "STORED\r\n"
                               : got == "VALUE " + key + " 0 1\r\nv\r\nEND\r\n" || got == "END\r\n";
    if (ok && n % 2 == 1 && !(c.send("quit\r\n") && c.wait_closed())) {
      r.first_error = r.first_error.empty() ? "quit did not close" : r.first_error;
      ++r.errors;
    } else if (!ok) {
      if (r.first_error.empty()) r.first_error = "reply " + escape(got) + " " + c.error();
      ++r.errors;
    }
  }
  return r;
}

long long curr_connections(TestClient& c) { return stat_int(stats(c), "curr_connections"); }

void expect_clean_churn(int port, pid_t pid) {
  // One watcher connection for every sample: a fresh one per sample could be counted
  // while the server has yet to see the previous one close. At most the count before: the
  // start-up readiness probe may still have been counted then.
  TestClient watcher(port);
  const long long idle_connections = curr_connections(watcher);
  const long idle_fds = open_fds(pid);
  const ChurnResult r = churn(port);
  ::testing::Test::RecordProperty("connections", static_cast<int>(r.connections));
  EXPECT_EQ(r.errors, 0u) << r.first_error;
  EXPECT_GT(r.connections, 1000u) << "churn rate too low to mean anything";
  EXPECT_TRUE(eventually(seconds(10), [&] { return open_fds(pid) <= idle_fds; }))
      << idle_fds << " descriptors before, " << open_fds(pid) << " after the churn";
  EXPECT_TRUE(eventually(seconds(5), [&] { return curr_connections(watcher) <= idle_connections; }))
      << "curr_connections " << idle_connections << " before the churn, "
      << curr_connections(watcher) << " after";
}

// At the limit a new client gets the error line and is closed; the clients already in are
// served; once some leave, new clients are served again.
void expect_limit_and_recovery(int port) {
  // This client is one of the kLimit. Its curr_connections reaches 1 once the server has
  // seen every earlier client (such as the start-up readiness check) close.
  TestClient admin(port);
  ASSERT_TRUE(
      eventually(seconds(5), [&] { return stat_int(stats(admin), "curr_connections") == 1; }))
      << "curr_connections stays at " << stat_int(stats(admin), "curr_connections");
  ConnectionSwarm in(port, kLimit - 1, seconds(10));
  ASSERT_EQ(in.opened(), kLimit - 1) << in.error();
  const auto mn = [](std::size_t) { return std::string("mn\r\n"); };
  const auto mn_reply = [](std::size_t) { return std::string("MN\r\n"); };
  // A reply on each proves that each was accepted, and counted, before the extra clients.
  EXPECT_EQ(in.exchange(mn, mn_reply, seconds(10)), kLimit - 1)
      << ::testing::PrintToString(in.failures());
  for (int i = 0; i < 3; ++i) {
    TestClient extra(port, seconds(5));
    EXPECT_EQ(extra.read_line(), "ERROR Too many open connections\r\n");
    EXPECT_TRUE(extra.wait_closed()) << "a rejected connection must be closed";
  }
  EXPECT_EQ(in.exchange(mn, mn_reply, seconds(10)), kLimit - 1)
      << "clients already connected must stay served";
  EXPECT_EQ(stat_int(stats(admin), "rejected_connections"), 3);
  in.close_all();
  EXPECT_TRUE(eventually(seconds(10), [&] {
    TestClient c(port, seconds(2));
    return c.request("version\r\n").starts_with("VERSION ");
  })) << "new clients are still refused after the others left";
}

std::unique_ptr<ServerProcess> start_node(std::vector<std::string> args) {
  auto node = std::make_unique<ServerProcess>(ringcache_spec(), std::move(args));
  EXPECT_TRUE(node->started()) << node->error();
  return node;
}

class NodeLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!binary_exists(ringcache_spec().binary)) GTEST_SKIP() << "ringcache-node not built";
  }
};

class ProxyLoadTest : public ProxyTest {
 protected:
  void SetUp() override {
    // Before the cluster starts, so that the proxy inherits the raised limit.
    if (const std::string problem = fd_limit_problem(); !problem.empty()) GTEST_SKIP() << problem;
    ProxyTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    // Backend connections open on first use: open them before counting descriptors.
    ASSERT_EQ(cluster().set_all(numbered_keys("warm:", 60), "w"), std::vector<std::string>{});
  }
  // 10,000 requests arriving at once queue up on the proxy's node connections far longer than
  // the failure tests' 200 ms: give them production-like timeouts (cluster-configs/).
  ProxyTimings timings() const override {
    return {.connect_ms = 1000, .reply_ms = 5000, .consecutive_timeouts = 3};
  }
};

TEST_F(NodeLoadTest, TenThousandConcurrentClientsEachGetTheirReply) {
  if (const std::string problem = fd_limit_problem(); !problem.empty()) GTEST_SKIP() << problem;
  auto node = start_node({"-c", std::to_string(kConcurrent + 100), "-t", "2"});
  ASSERT_TRUE(node->started());
  expect_concurrent_clients(node->port(), node->pid());
  EXPECT_TRUE(node->alive());
}

TEST_F(ProxyLoadTest, TenThousandConcurrentClientsEachGetTheirReply) {
  expect_concurrent_clients(cluster().port(), cluster().proxy().pid());
}

TEST_F(NodeLoadTest, ConnectionChurnLeavesNoDescriptorBehind) {
  auto node = start_node({"-t", "2"});
  ASSERT_TRUE(node->started());
  expect_clean_churn(node->port(), node->pid());
}

TEST_F(ProxyLoadTest, ConnectionChurnLeavesNoDescriptorBehind) {
  expect_clean_churn(cluster().port(), cluster().proxy().pid());
}

TEST_F(NodeLoadTest, ConnectionLimitRejectsThenRecovers) {
  auto node = start_node({"-c", std::to_string(kLimit), "-t", "2"});
  ASSERT_TRUE(node->started());
  expect_limit_and_recovery(node->port());
}

using ProxyLimitTest = NodeLoadTest;

TEST_F(ProxyLimitTest, ConnectionLimitRejectsThenRecovers) {
  if (!binary_exists(proxy_spec().binary)) GTEST_SKIP() << "ringcache-proxy not built";
  auto node = start_node({"-t", "1"});
  ASSERT_TRUE(node->started());
  const std::string nodes = "127.0.0.1:" + std::to_string(node->port());
  ServerProcess proxy(proxy_spec(), [&](int port) {
    return std::vector<std::string>{"--listen",          "127.0.0.1:" + std::to_string(port),
                                    "--nodes",           nodes,
                                    "--max-connections", std::to_string(kLimit)};
  });
  ASSERT_TRUE(proxy.started()) << proxy.error();
  expect_limit_and_recovery(proxy.port());
  EXPECT_EQ(proxy.stop(), "");
}

// The proxy started with few descriptors (as under a default `ulimit -n` with many clients):
// clients beyond what it can take wait in the listen backlog; the proxy neither spins on
// accept nor crashes, keeps the descriptors it needs to reach its node (out of them it
// would fail writes and mark the node down), and serves the waiting clients, requests
// already sent included, once others leave. In sanitizer builds this also checks that the
// runtime keeps the descriptors it needs (UBSan's vptr check uses a pipe).
TEST_F(ProxyLimitTest, DescriptorExhaustionQueuesClientsAndRecovers) {
  constexpr const char* kPrlimit = "/usr/bin/prlimit";
  if (!binary_exists(proxy_spec().binary)) GTEST_SKIP() << "ringcache-proxy not built";
  if (!binary_exists(kPrlimit)) GTEST_SKIP() << kPrlimit << " (util-linux) not installed";
  auto node = start_node({"-t", "1"});
  ASSERT_TRUE(node->started());
  ServerSpec spec = proxy_spec();
  spec.base_args = {"--nofile=40:40", spec.binary};
  spec.binary = kPrlimit;
  const std::string nodes = "127.0.0.1:" + std::to_string(node->port());
  ServerProcess proxy(spec, [&](int port) {
    return std::vector<std::string>{"--listen", "127.0.0.1:" + std::to_string(port), "--nodes",
                                    nodes};
  });
  ASSERT_TRUE(proxy.started()) << proxy.error();
  const auto mn = [](std::size_t) { return std::string("mn\r\n"); };
  const auto one_mn = [](std::size_t) { return std::string("MN\r\n"); };
  // About 12 descriptors are the proxy's own and it keeps 10 more for its node connection and
  // headroom: room for about 18 clients. 30 clients are more than fit even without a reserve.
  ConnectionSwarm first(proxy.port(), 15, seconds(10));
  ASSERT_EQ(first.exchange(mn, one_mn, seconds(5)), 15u)
      << ::testing::PrintToString(first.failures());
  ConnectionSwarm more(proxy.port(), 15, seconds(10));  // the kernel completes the handshakes
  ASSERT_EQ(more.opened(), 15u) << more.error();
  const long cpu_before = cpu_ticks(proxy.pid());
  const std::size_t served = more.exchange(mn, one_mn, seconds(1));
  EXPECT_LT(served, 15u) << "the descriptor limit was not reached";
  EXPECT_LT(cpu_ticks(proxy.pid()) - cpu_before, 30) << "the proxy spins while out of descriptors";
  const std::vector<std::string> replied = more.replies();
  // At the limit, the first request that needs the node opens the proxy's connection to it.
  const auto set = [](std::size_t i) { return "set fd" + std::to_string(i) + " 0 0 1\r\nx\r\n"; };
  const auto stored = [](std::size_t) { return std::string("STORED\r\n"); };
  EXPECT_EQ(first.exchange(set, stored, seconds(10)), 15u)
      << ::testing::PrintToString(first.failures());
  first.close_all();
  // Each waiting client gets its first request answered, then the second one.
  EXPECT_EQ(more.exchange(
                mn, [&](std::size_t i) { return replied[i].empty() ? "MN\r\nMN\r\n" : "MN\r\n"; },
                seconds(10)),
            15u)
      << ::testing::PrintToString(more.failures());
  const auto get = [](std::size_t i) { return "get fd" + std::to_string(i) + "\r\n"; };
  const auto value = [](std::size_t i) {
    return "VALUE fd" + std::to_string(i) + " 0 1\r\nx\r\nEND\r\n";
  };
  EXPECT_EQ(more.exchange(get, value, seconds(10)), 15u)
      << ::testing::PrintToString(more.failures());
  EXPECT_TRUE(proxy.alive()) << proxy.output();
}

}  // namespace
}  // namespace ringcache::integration
