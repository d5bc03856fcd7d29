// Failover-as-miss through ringcache-proxy (DESIGN.md §4): a node that dies or stalls turns
// into misses / NOT_STORED / NOT_FOUND for its keys only, never SERVER_ERROR or a closed client
// connection; its return is detected and it never serves a value written before it went away.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/proxy_traffic.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;
using ProxyFailoverTest = ProxyTest;

// Slack for scheduling on a busy machine on top of a configured delay.
constexpr milliseconds kSlack{500};
// How long a returning node may take to get traffic again: probes back off up to
// probe_backoff_max_ms (200 ms in tests), plus the flush before traffic returns.
constexpr milliseconds kReturnLimit{5000};

milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

std::string value_reply(const std::string& key, const std::string& value) {
  return "VALUE " + key + " 0 " + std::to_string(value.size()) + "\r\n" + value + "\r\nEND\r\n";
}

// Sets `key` through the proxy until STORED, i.e. until its node takes traffic again.
bool wait_node_back(int port, const std::string& key) {
  return eventually(kReturnLimit, [&] {
    TestClient c(port, milliseconds(2000));
    return c.request(set_cmd(key, "back")) == "STORED\r\n";
  });
}

TEST_F(ProxyFailoverTest, NodeKilledDuringAStreamGivesOnlyMissesAndNotStored) {
  const std::vector<std::string> dead = cluster().keys_on(1, 3, "dead:");
  const std::vector<std::string> live = cluster().keys_on(0, 3, "live:");
  ASSERT_EQ(dead.size(), 3u);
  ASSERT_EQ(live.size(), 3u);
  Traffic traffic({.port = cluster().port(),
                   .connections = 4,
                   .keys = numbered_keys("stream:", 200),
                   .write_failover_allowed = true});
  ASSERT_TRUE(eventually(milliseconds(10'000), [&] { return traffic.completed() > 500; }))
      << traffic.error_report();
  const uint64_t before = traffic.completed();
  ASSERT_EQ(::kill(cluster().node(1).pid(), SIGKILL), 0);
  ASSERT_TRUE(cluster().node(1).wait_exit(milliseconds(5000)).has_value());
  std::this_thread::sleep_for(milliseconds(1500));
  traffic.stop();
  EXPECT_EQ(traffic.error_count(), 0u) << traffic.error_report();
  EXPECT_GT(traffic.completed() - before, 300u) << "the stream stalled after the kill";
  EXPECT_GT(traffic.write_failovers(), 0u) << "no write reached the dead node's keys";

  TestClient c = connect();
  for (const auto& k : dead) {
    EXPECT_REPLY(c, set_cmd(k, "x"), "NOT_STORED\r\n");
    EXPECT_REPLY(c, "get " + k + "\r\n", "END\r\n");
    EXPECT_REPLY(c, "mg " + k + " v\r\n", "EN\r\n");
    EXPECT_REPLY(c, "delete " + k + "\r\n", "NOT_FOUND\r\n");
    EXPECT_REPLY(c, "incr " + k + " 1\r\n", "NOT_FOUND\r\n");
    EXPECT_REPLY(c, "touch " + k + " 1\r\n", "NOT_FOUND\r\n");
    EXPECT_REPLY(c, "ms " + k + " 1\r\nx\r\n", "NS\r\n");
    EXPECT_REPLY(c, "md " + k + "\r\n", "NF\r\n");
  }
  for (const auto& k : live) {
    EXPECT_REPLY(c, set_cmd(k, "y"), "STORED\r\n");
    EXPECT_REPLY(c, "get " + k + "\r\n", value_reply(k, "y"));
  }
  // A multi-get loses only the dead node's keys.
  EXPECT_REPLY(c, "get " + dead[0] + " " + live[0] + " " + dead[1] + " " + live[1] + "\r\n",
               "VALUE " + live[0] + " 0 1\r\ny\r\nVALUE " + live[1] + " 0 1\r\ny\r\nEND\r\n");
}

TEST_F(ProxyFailoverTest, StoppedNodeIsDetectedWithinTheReplyTimeout) {
  const std::string frozen = cluster().keys_on(1, 1, "frozen:").at(0);
  const std::string warm = cluster().keys_on(0, 1, "warm:").at(0);
  const milliseconds reply_ms{cluster().timings().reply_ms};
  ASSERT_TRUE(stop_all_threads(cluster().node(1).pid()));

  // Meanwhile another client reads a key of a healthy node: it must never wait on the stall.
  std::atomic<bool> done{false};
  std::atomic<int> other_bad{0};
  std::atomic<long> other_worst{0};
  std::thread other([&] {
    TestClient o(cluster().port());
    while (!done) {
      const auto start = Clock::now();
      if (o.request("get " + warm + "\r\n", "END\r\n") != value_reply(warm, "seed-" + warm))
        ++other_bad;
      other_worst = std::max(other_worst.load(), static_cast<long>(since(start).count()));
    }
  });
  TestClient c = connect();
  const uint32_t timeouts = cluster().timings().consecutive_timeouts;
  for (uint32_t i = 0; i < timeouts + 2; ++i) {
    const auto start = Clock::now();
    EXPECT_REPLY(c, "get " + frozen + "\r\n", "END\r\n");
    EXPECT_LE(since(start), reply_ms + kSlack) << "request " << i << " to the stopped node";
  }
  // Marked down by now: requests fail fast without waiting for the node.
  const auto start = Clock::now();
  for (int i = 0; i < 10; ++i) {
    EXPECT_REPLY(c, "get " + frozen + "\r\n", "END\r\n");
    EXPECT_REPLY(c, set_cmd(frozen, "z"), "NOT_STORED\r\n");
  }
  EXPECT_LT(since(start), reply_ms) << "20 requests to a node marked down";
  done = true;
  other.join();
  EXPECT_EQ(other_bad.load(), 0) << "reads of a healthy node failed during the stall";
  EXPECT_LT(other_worst.load(), reply_ms.count()) << "a healthy node's read waited on the stall";
  ::kill(cluster().node(1).pid(), SIGCONT);
}

TEST_F(ProxyFailoverTest, NodeBackFromSigstopServesNoStaleValue) {
  const std::vector<std::string> keys = cluster().keys_on(1, 4, "stale:");
  ASSERT_EQ(keys.size(), 4u);
  const std::string &k = keys[0], &d = keys[1], &probe = keys[2], &back = keys[3];
  TestClient c = connect();
  EXPECT_REPLY(c, set_cmd(k, "v1"), "STORED\r\n");
  EXPECT_REPLY(c, set_cmd(d, "d1"), "STORED\r\n");
  ASSERT_TRUE(stop_all_threads(cluster().node(1).pid()));
  // Time out enough requests to mark it down, so the writes below never reach it.
  for (uint32_t i = 0; i < cluster().timings().consecutive_timeouts; ++i) {
    EXPECT_REPLY(c, "get " + probe + "\r\n", "END\r\n");
  }
  EXPECT_REPLY(c, set_cmd(k, "v2"), "NOT_STORED\r\n");
  EXPECT_REPLY(c, "delete " + d + "\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "get " + k + "\r\n", "END\r\n");
  ASSERT_EQ(::kill(cluster().node(1).pid(), SIGCONT), 0);
  const auto start = Clock::now();
  ASSERT_TRUE(wait_node_back(cluster().port(), back)) << "the node's return went unnoticed";
  RecordProperty("return_detected_ms", static_cast<int>(since(start).count()));
  // The node still holds k=v1 and d=d1 in memory: the proxy must not serve them.
  const std::string got = c.request("get " + k + "\r\n", "END\r\n");
  EXPECT_NE(got, value_reply(k, "v1")) << "stale value served after the node came back";
  EXPECT_TRUE(got == "END\r\n" || got == value_reply(k, "v2")) << escape(got);
  EXPECT_REPLY(c, "get " + d + "\r\n", "END\r\n");
  EXPECT_REPLY(c, set_cmd(k, "v3"), "STORED\r\n");
  EXPECT_REPLY(c, "get " + k + "\r\n", value_reply(k, "v3"));
}

TEST_F(ProxyFailoverTest, NodeRestartedAfterSigkillGetsTrafficAgain) {
  const std::vector<std::string> keys = cluster().keys_on(2, 2, "restart:");
  ASSERT_EQ(keys.size(), 2u);
  const std::string& k = keys[0];
  TestClient c = connect();
  EXPECT_REPLY(c, set_cmd(k, "v1"), "STORED\r\n");
  ASSERT_EQ(::kill(cluster().node(2).pid(), SIGKILL), 0);
  ASSERT_TRUE(cluster().node(2).wait_exit(milliseconds(5000)).has_value());
  EXPECT_REPLY(c, set_cmd(k, "v2"), "NOT_STORED\r\n");
  EXPECT_REPLY(c, "get " + k + "\r\n", "END\r\n");
  ASSERT_TRUE(cluster().restart_node(2)) << cluster().error();
  const auto start = Clock::now();
  ASSERT_TRUE(wait_node_back(cluster().port(), keys[1])) << "the restarted node gets no traffic";
  RecordProperty("return_detected_ms", static_cast<int>(since(start).count()));
  EXPECT_REPLY(c, "get " + k + "\r\n", "END\r\n");
  EXPECT_REPLY(c, set_cmd(k, "v3"), "STORED\r\n");
  EXPECT_REPLY(c, "get " + k + "\r\n", value_reply(k, "v3"));
  EXPECT_EQ(cluster().node_values(2, {k})[k], "v3") << "the write went to the restarted node";
}

}  // namespace
}  // namespace ringcache::integration
