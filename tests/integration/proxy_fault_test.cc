// Fault injection through ringcache-proxy under continuous mixed traffic (get, multi-get, mg,
// set, ms, incr, touch, delete, md on several client connections): a node killed, frozen,
// slowed, partitioned and brought back, every node down at once, and the configuration
// reloaded every second. What a client may see is only what DESIGN.md §4 documents (misses,
// NOT_STORED / NS, NOT_FOUND / NF); the p99 latency stays within the configured timeouts; a
// node that returns never serves a value from before its absence; traffic returns to it; the
// proxy survives and holds no more descriptors and not much more memory than before.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "tests/integration/proc_usage.h"
#include "tests/integration/proxy_cluster.h"
#include "tests/integration/proxy_traffic.h"
#include "tests/integration/server_test.h"
#include "tests/integration/tcp_relay.h"

namespace ringcache::integration {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Scheduling slack on a busy 2-core machine on top of a configured timeout.
constexpr milliseconds kSlack{500};
// A returning node gets traffic within the probe backoff (200 ms max here) plus its flush.
constexpr milliseconds kReturnLimit{5000};
// Memory the proxy may gain over a test (buffers, allocator caches), far below a leak's.
constexpr long kRssGrowthKb = 32 * 1024;

class ProxyFaultTest : public ProxyTest {
 protected:
  Traffic start_traffic(std::size_t connections = 4) {
    return Traffic({.port = cluster().port(),
                    .connections = connections,
                    .keys = numbered_keys("stream:", 300),
                    .write_failover_allowed = true});
  }

  // Waits until the traffic made `requests` more requests.
  void wait_progress(const Traffic& traffic, uint64_t requests) {
    const uint64_t target = traffic.completed() + requests;
    ASSERT_TRUE(eventually(milliseconds(15'000), [&] { return traffic.completed() >= target; }))
        << "traffic stalled: " << traffic.error_report();
  }

  // The bound on one request while a node fails: a connect attempt, then a reply timeout.
  milliseconds request_bound() {
    const ProxyTimings& t = cluster().timings();
    return milliseconds(t.connect_ms + t.reply_ms) + kSlack;
  }

  // Records the proxy's descriptors and memory while `traffic` runs, before a fault.
  void sample_before() {
    find_node_keys();
    fds_before_ = open_fds(cluster().proxy().pid());
    rss_before_ = rss_kb(cluster().proxy().pid());
    ASSERT_GT(fds_before_, 0);
  }

  // After the fault ended and the node(s) came back: the same descriptors (backends
  // reconnected, probes closed) and bounded memory growth.
  void expect_no_leak() {
    const pid_t pid = cluster().proxy().pid();
    EXPECT_TRUE(eventually(milliseconds(5000), [&] { return open_fds(pid) <= fds_before_; }))
        << "proxy descriptors: " << fds_before_ << " before the fault, " << open_fds(pid)
        << " after";
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    // Sanitizer allocators keep freed memory in quarantine: their RSS is not the proxy's.
    EXPECT_LT(rss_kb(pid) - rss_before_, kRssGrowthKb)
        << "proxy RSS grew from " << rss_before_ << " KiB";
#endif
    RecordProperty("proxy_fds", static_cast<int>(fds_before_));
    RecordProperty("proxy_rss_growth_kb", static_cast<int>(rss_kb(pid) - rss_before_));
  }

  // One key of each node, found while every node is up (call before a fault).
  void find_node_keys() {
    node_keys_.clear();
    for (std::size_t i = 0; i < initial_nodes(); ++i) {
      const std::vector<std::string> keys = cluster().keys_on(i, 1, "back:");
      ASSERT_EQ(keys.size(), 1u) << "no key found on node " << i;
      node_keys_.push_back(keys[0]);
    }
  }

  // Recovery: writes to node i's keys are stored again, and for a while afterwards the
  // traffic sees no failover reply at all.
  void expect_recovered(const Traffic& traffic, std::size_t i) {
    expect_recovered(traffic, std::vector<std::size_t>{i});
  }

  // The same for several nodes: each of them takes writes again before the quiet window is
  // checked (a node still in its retry backoff would answer that window with failovers).
  void expect_recovered(const Traffic& traffic, const std::vector<std::size_t>& nodes) {
    for (std::size_t i : nodes) {
      ASSERT_LT(i, node_keys_.size()) << "find_node_keys() before the fault";
      const std::string& key = node_keys_[i];
      ASSERT_TRUE(eventually(kReturnLimit,
                             [&] {
                               TestClient c(cluster().port(), milliseconds(2000));
                               return c.request(set_cmd(key, "back")) == "STORED\r\n";
                             }))
          << "node " << i << " gets no traffic after the fault ended";
    }
    std::this_thread::sleep_for(milliseconds(300));  // requests already in flight drain
    const uint64_t failovers = traffic.write_failovers();
    wait_progress(traffic, 500);
    EXPECT_EQ(traffic.write_failovers(), failovers) << "failover replies after recovery";
  }

  std::vector<std::size_t> all_nodes() {
    std::vector<std::size_t> nodes(cluster().node_count());
    for (std::size_t i = 0; i < nodes.size(); ++i) nodes[i] = i;
    return nodes;
  }

  void expect_only_documented_replies(const Traffic& traffic) {
    EXPECT_EQ(traffic.error_count(), 0u) << traffic.error_report();
    const auto p99 = std::chrono::duration_cast<milliseconds>(traffic.latency_quantile(0.99));
    EXPECT_LE(p99, request_bound()) << "p99 over " << traffic.latency_samples() << " requests";
    RecordProperty("p99_us", static_cast<int>(traffic.latency_quantile(0.99).count()));
    RecordProperty("max_us", static_cast<int>(traffic.latency_quantile(1.0).count()));
    RecordProperty("requests", static_cast<int>(traffic.completed()));
  }

  // Routes node i through `relay` (the ring then hashes the relay's address) and waits until
  // the proxy runs that configuration.
  void route_through(std::size_t i, const TcpRelay& relay) {
    std::string json = cluster().config_json({0, 1, 2});
    const std::string from = "\"127.0.0.1:" + std::to_string(cluster().node_port(i)) + "\"";
    json.replace(json.find(from), from.size(),
                 "\"127.0.0.1:" + std::to_string(relay.port()) + "\"");
    TestClient admin = connect();
    const long long generation = stat_int(stats(admin), "proxy_config_generation");
    cluster().replace_config(json);
    ASSERT_EQ(::kill(cluster().proxy().pid(), SIGHUP), 0);
    ASSERT_TRUE(eventually(milliseconds(5000), [&] {
      TestClient c = connect();
      return stat_int(stats(c), "proxy_config_generation") > generation;
    })) << "the proxy did not apply the relayed configuration";
  }

  // Reads a seeded key (see ProxyCluster), checks its value and returns how long it took.
  milliseconds timed_get(TestClient& c, const std::string& key) {
    const auto start = Clock::now();
    EXPECT_REPLY(c, "get " + key + "\r\n",
                 "VALUE " + key + " 0 " + std::to_string(5 + key.size()) + "\r\nseed-" + key +
                     "\r\nEND\r\n");
    return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  }

  std::vector<std::string> node_keys_;
  long fds_before_ = 0;
  long rss_before_ = 0;
};

TEST_F(ProxyFaultTest, NodeKilledAndRestartedUnderTraffic) {
  Traffic traffic = start_traffic();
  wait_progress(traffic, 500);
  sample_before();
  traffic.clear_latencies();
  ASSERT_EQ(::kill(cluster().node(1).pid(), SIGKILL), 0);
  ASSERT_TRUE(cluster().node(1).wait_exit(milliseconds(5000)).has_value());
  wait_progress(traffic, 1000);
  EXPECT_GT(traffic.write_failovers(), 0u) << "no write reached the dead node's keys";
  ASSERT_TRUE(cluster().restart_node(1)) << cluster().error();
  expect_recovered(traffic, 1);
  EXPECT_FALSE(cluster().node_values(1, numbered_keys("stream:", 300)).empty())
      << "the stream's writes never reached the restarted node";
  expect_no_leak();
  traffic.stop();
  expect_only_documented_replies(traffic);
}

TEST_F(ProxyFaultTest, NodeFrozenThenResumedUnderTraffic) {
  Traffic traffic = start_traffic();
  wait_progress(traffic, 500);
  sample_before();
  traffic.clear_latencies();
  ASSERT_TRUE(stop_all_threads(cluster().node(1).pid()));
  const auto frozen_at = Clock::now();
  wait_progress(traffic, 1000);  // the other nodes keep serving while it is frozen
  std::this_thread::sleep_for(milliseconds(1500) - (Clock::now() - frozen_at));
  ASSERT_EQ(::kill(cluster().node(1).pid(), SIGCONT), 0);
  expect_recovered(traffic, 1);
  expect_no_leak();
  traffic.stop();
  expect_only_documented_replies(traffic);
}

TEST_F(ProxyFaultTest, SlowNodeBehindADelayingRelay) {
  TcpRelay relay(cluster().node_port(1));
  ASSERT_EQ(relay.error(), "");
  route_through(1, relay);
  const std::string slow = cluster().keys_on(1, 1, "slow:").at(0);
  const std::string fast = cluster().keys_on(0, 1, "fast:").at(0);
  const milliseconds reply_ms{cluster().timings().reply_ms};
  Traffic traffic = start_traffic();
  wait_progress(traffic, 500);
  sample_before();

  // Slower than usual, within the reply timeout: every request still succeeds. The relay
  // delays each direction, so a round trip takes twice the delay: a tenth of the timeout,
  // which leaves the rest for a loaded machine's scheduling (tests run two at a time).
  const milliseconds round_trip = reply_ms / 10;
  relay.set_delay(round_trip / 2);
  const uint64_t failovers = traffic.write_failovers();
  wait_progress(traffic, 300);
  TestClient c = connect();
  // A delay is a lower bound on every slow read; a fast read that waited on the slow node
  // would take as long every time, so the quickest of a few tries tells, whatever stalls.
  auto slow_min = milliseconds::max();
  auto fast_min = milliseconds::max();
  for (int i = 0; i < 5; ++i) {
    slow_min = std::min(slow_min, timed_get(c, slow));
    fast_min = std::min(fast_min, timed_get(c, fast));
  }
  EXPECT_GE(slow_min, round_trip) << "the relay did not delay";
  EXPECT_LT(fast_min, round_trip) << "a fast node's key waited on the slow node";
  EXPECT_EQ(traffic.write_failovers(), failovers) << "a delay within the timeout failed writes";

  // Slower than the reply timeout: failover replies within the timeout, then fail-fast.
  traffic.clear_latencies();
  relay.set_delay(reply_ms * 2);
  wait_progress(traffic, 1000);
  EXPECT_GT(traffic.write_failovers(), failovers);
  relay.set_delay(milliseconds(0));
  expect_recovered(traffic, 1);
  c.close();
  expect_no_leak();
  traffic.stop();
  expect_only_documented_replies(traffic);
}

// A partition (the node runs on but the proxy cannot reach it) is the case where a node
// returns holding values the clients have since replaced or deleted.
TEST_F(ProxyFaultTest, NodeBackFromAPartitionServesNoStaleValue) {
  TcpRelay relay(cluster().node_port(1));
  ASSERT_EQ(relay.error(), "");
  route_through(1, relay);
  const std::vector<std::string> keys = cluster().keys_on(1, 40, "part:");
  ASSERT_EQ(keys.size(), 40u);
  ASSERT_EQ(cluster().set_all(keys, "old-"), std::vector<std::string>{});
  Traffic traffic = start_traffic();
  wait_progress(traffic, 500);
  sample_before();

  relay.set_partitioned(true);
  TestClient c = connect();
  // Time out enough requests to have the node marked down, then write around it.
  ASSERT_TRUE(eventually(milliseconds(10'000), [&] {
    const auto start = Clock::now();
    return c.request(set_cmd(keys[0], "new")) == "NOT_STORED\r\n" &&
           Clock::now() - start < milliseconds(cluster().timings().reply_ms / 2);
  })) << "the partitioned node was never marked down";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_REPLY(c, i % 2 == 0 ? set_cmd(keys[i], "new") : "delete " + keys[i] + "\r\n",
                 i % 2 == 0 ? "NOT_STORED\r\n" : "NOT_FOUND\r\n");
  }
  EXPECT_EQ(cluster().node_values(1, keys).size(), keys.size()) << "the node lost its values";

  // From the moment the partition heals, read every key as fast as possible: no read may
  // ever return a value written before the partition.
  std::atomic<bool> done{false};
  std::atomic<int> stale{0};
  std::atomic<uint64_t> reads{0};
  std::thread reader;
  struct Joiner {  // stops and joins the reader however the test body ends
    std::thread& t;
    std::atomic<bool>& done;
    ~Joiner() {
      done = true;
      if (t.joinable()) t.join();
    }
  } joiner{reader, done};
  reader = std::thread([&] {
    auto r = std::make_unique<TestClient>(cluster().port(), milliseconds(3000));
    for (std::size_t round = 0; !done && round < 100'000; ++round) {
      if (!r->send("get " + keys[round % keys.size()] + "\r\n")) {
        r = std::make_unique<TestClient>(cluster().port(), milliseconds(3000));
        continue;
      }
      const std::string reply = read_reply(*r, ReplyKind::kValues);
      if (reply.find("old-") != std::string::npos) ++stale;
      ++reads;
    }
  });
  relay.set_partitioned(false);
  expect_recovered(traffic, 1);
  done = true;
  reader.join();
  EXPECT_EQ(stale.load(), 0) << "stale values served in " << reads.load() << " reads";
  EXPECT_GT(reads.load(), 0u);
  for (const auto& [key, value] : cluster().node_values(1, keys)) {
    EXPECT_NE(value, "old-" + key) << "the node still holds a value from before the partition";
  }
  c.close();
  expect_no_leak();
  traffic.stop();
  expect_only_documented_replies(traffic);
}

TEST_F(ProxyFaultTest, AllNodesKilledGivesFastMissesThenRecovers) {
  Traffic traffic = start_traffic();
  wait_progress(traffic, 500);
  sample_before();
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    ASSERT_EQ(::kill(cluster().node(i).pid(), SIGKILL), 0);
  }
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    ASSERT_TRUE(cluster().node(i).wait_exit(milliseconds(5000)).has_value());
  }
  std::this_thread::sleep_for(milliseconds(300));  // requests sent before the kill drain
  traffic.clear_latencies();
  const uint64_t misses = traffic.misses();
  wait_progress(traffic, 2000);
  // Refused connections are known at once: no request waits for a timeout.
  const auto p99 = std::chrono::duration_cast<milliseconds>(traffic.latency_quantile(0.99));
  EXPECT_LT(p99, milliseconds(cluster().timings().connect_ms)) << "all nodes down must be fast";
  RecordProperty("all_down_p99_us", static_cast<int>(traffic.latency_quantile(0.99).count()));
  EXPECT_GT(traffic.misses() - misses, 500u);
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    ASSERT_TRUE(cluster().restart_node(i)) << cluster().error();
  }
  expect_recovered(traffic, all_nodes());
  expect_no_leak();
  traffic.stop();
  expect_only_documented_replies(traffic);
}

// With every node frozen, at most max_down_share (0.5) of the pool is marked down; the rest
// stays "up" (fail open) and each request to it waits for its reply timeout, never longer.
TEST_F(ProxyFaultTest, AllNodesFrozenAnswerWithinTheTimeoutsThenRecover) {
  Traffic traffic = start_traffic();
  wait_progress(traffic, 500);
  sample_before();
  traffic.clear_latencies();
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    ASSERT_TRUE(stop_all_threads(cluster().node(i).pid()));
  }
  wait_progress(traffic, 20);
  std::this_thread::sleep_for(milliseconds(1500));
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    ASSERT_EQ(::kill(cluster().node(i).pid(), SIGCONT), 0);
  }
  expect_recovered(traffic, all_nodes());
  expect_no_leak();
  traffic.stop();
  expect_only_documented_replies(traffic);
}

TEST_F(ProxyFaultTest, ConfigReloadedEverySecondUnderTraffic) {
  const std::size_t added = cluster().add_node();
  ASSERT_EQ(cluster().error(), "");
  Traffic traffic = start_traffic();
  wait_progress(traffic, 500);
  sample_before();
  TestClient admin = connect();
  const long long reloads = stat_int(stats(admin), "proxy_config_reloads");
  constexpr int kReloads = 8;
  for (int i = 0; i < kReloads; ++i) {
    // Alternately add and remove a node. Requests still pending on a removed node get their
    // failover reply (proxy/README.md), which the traffic accepts.
    const std::vector<std::size_t> nodes =
        i % 2 == 0 ? std::vector<std::size_t>{0, 1, 2, added} : std::vector<std::size_t>{0, 1, 2};
    cluster().replace_config(cluster().config_json(nodes));
    ASSERT_EQ(::kill(cluster().proxy().pid(), SIGHUP), 0);
    const uint64_t before = traffic.completed();
    std::this_thread::sleep_for(milliseconds(1000));
    EXPECT_GT(traffic.completed() - before, 50u) << "traffic stalled around reload " << i;
  }
  EXPECT_GE(stat_int(stats(admin), "proxy_config_reloads") - reloads, kReloads)
      << "some reloads were not applied";
  admin.close();
  ASSERT_TRUE(cluster().proxy().alive()) << cluster().proxy().output();
  // Back on the first configuration: the added node's connections are gone again.
  expect_no_leak();
  traffic.stop();
  expect_only_documented_replies(traffic);
}

}  // namespace
}  // namespace ringcache::integration
