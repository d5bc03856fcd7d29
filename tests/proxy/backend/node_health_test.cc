#include "proxy/backend/node_health.h"

#include <gtest/gtest.h>

#include <thread>

#include "proxy/backend/health_registry.h"
#include "tests/proxy/backend/backend_test_util.h"

namespace ringcache::proxy {
namespace {

using namespace std::chrono_literals;
using Clock = NodeHealth::Clock;

common::ClusterConfig config(int nodes, double share, uint32_t timeouts = 2) {
  std::vector<std::string> addresses;
  for (int i = 0; i < nodes; ++i) addresses.push_back("127.0.0.1:" + std::to_string(20000 + i));
  auto c = testing::test_config(addresses);
  c.failure_detection.max_down_share = share;
  c.failure_detection.consecutive_timeouts = timeouts;
  return c;
}

TEST(NodeHealthTest, ConsecutiveTimeoutsMarkDownAndASuccessResetsTheRun) {
  HealthRegistry registry(config(1, 1.0, 3));
  auto h = registry.get("127.0.0.1:20000");
  EXPECT_FALSE(h->record_timeout("t"));
  EXPECT_FALSE(h->record_timeout("t"));
  h->record_success();
  EXPECT_FALSE(h->record_timeout("t"));
  EXPECT_FALSE(h->record_timeout("t"));
  EXPECT_FALSE(h->is_down());
  EXPECT_TRUE(h->record_timeout("t"));
  EXPECT_TRUE(h->is_down());
  EXPECT_FALSE(h->record_timeout("t"));  // already down: not marked twice
  EXPECT_EQ(h->snapshot().marked_down, 1u);
}

TEST(NodeHealthTest, CascadeGuardKeepsMoreThanTheShareOfAPoolUp) {
  HealthRegistry registry(config(4, 0.5));
  std::vector<std::shared_ptr<NodeHealth>> nodes;
  for (int i = 0; i < 4; ++i) nodes.push_back(registry.get("127.0.0.1:" + std::to_string(20000 + i)));
  EXPECT_TRUE(nodes[0]->record_hard_failure("refused"));
  EXPECT_TRUE(nodes[1]->record_hard_failure("refused"));  // 2 of 4: not more than half
  EXPECT_FALSE(nodes[2]->record_hard_failure("refused"));  // 3 of 4 would be
  EXPECT_FALSE(nodes[2]->is_down());
  auto s = nodes[2]->snapshot();
  EXPECT_EQ(s.guard_refusals, 1u);
  EXPECT_NE(s.last_error.find("kept up"), std::string::npos);
  // One comes back: the guard lets another go down.
  ASSERT_TRUE(nodes[0]->try_claim_probe(Clock::now() + 1s));
  EXPECT_TRUE(nodes[0]->finish_probe_ok(false));
  EXPECT_TRUE(nodes[2]->record_hard_failure("refused"));
}

TEST(NodeHealthTest, ASingleNodePoolIsNeverMarkedDownUnderTheDefaultShare) {
  HealthRegistry registry(config(1, 0.5));
  auto h = registry.get("127.0.0.1:20000");
  EXPECT_FALSE(h->record_hard_failure("refused"));
  EXPECT_FALSE(h->is_down());
}

TEST(NodeHealthTest, OneProbeAtATimeAndNotBeforeItIsDue) {
  HealthRegistry registry(config(1, 1.0));
  auto h = registry.get("127.0.0.1:20000");
  EXPECT_FALSE(h->try_claim_probe(Clock::now() + 1h));  // up: nothing to probe
  ASSERT_TRUE(h->record_hard_failure("refused"));
  auto due = h->next_probe_at();
  EXPECT_GE(due - Clock::now(), 0ms);
  EXPECT_LE(due - Clock::now(), 41ms);  // first wait within [min, 2 min] = [20, 40] ms
  EXPECT_FALSE(h->try_claim_probe(due - 1ms));
  EXPECT_TRUE(h->try_claim_probe(due));
  EXPECT_FALSE(h->try_claim_probe(due + 1h));  // one at a time
  auto now = Clock::now();
  h->finish_probe_failed(now, "refused");
  EXPECT_GE(h->next_probe_at() - now, 20ms);
  EXPECT_LE(h->next_probe_at() - now, 80ms);
  EXPECT_TRUE(h->try_claim_probe(h->next_probe_at()));
}

TEST(NodeHealthTest, WritesAnsweredDownMustBeFlushedBeforeTheNodeIsUp) {
  HealthRegistry registry(config(1, 1.0));
  auto h = registry.get("127.0.0.1:20000");
  EXPECT_FALSE(h->answer_down(true));  // up: send normally, nothing remembered
  EXPECT_FALSE(h->snapshot().missed_writes);
  ASSERT_TRUE(h->record_hard_failure("refused"));
  EXPECT_TRUE(h->answer_down(false));
  EXPECT_FALSE(h->snapshot().missed_writes);  // a read misses nothing
  EXPECT_TRUE(h->answer_down(true));
  EXPECT_TRUE(h->snapshot().missed_writes);
  ASSERT_TRUE(h->try_claim_probe(Clock::now() + 1s));
  EXPECT_FALSE(h->finish_probe_ok(false));  // must flush first
  EXPECT_TRUE(h->is_down());
  EXPECT_TRUE(h->finish_probe_ok(true));
  EXPECT_FALSE(h->is_down());
  auto s = h->snapshot();
  EXPECT_FALSE(s.missed_writes);
  EXPECT_EQ(s.flushes, 1u);
  EXPECT_EQ(h->up_epoch(), 1u);
}

TEST(NodeHealthTest, WriteKindsAreTheMutatingReplies) {
  using E = common::ResponseExpect;
  for (E e : {E::kStorage, E::kDelete, E::kArith, E::kTouch, E::kFlushAll, E::kMetaSet,
              E::kMetaDelete, E::kMetaArith, E::kMeta}) {
    EXPECT_TRUE(is_write(e)) << static_cast<int>(e);
  }
  for (E e : {E::kValues, E::kStats, E::kVersion, E::kMetaGet, E::kMetaNoop, E::kMetaDebug}) {
    EXPECT_FALSE(is_write(e)) << static_cast<int>(e);
  }
}

TEST(NodeHealthTest, ConcurrentWorkersAgreeOnOneDownAndOneProbe) {
  // Worker threads time out, fail fast and race for the probe; the node goes down once,
  // only one probe holds the claim at a time, and writes answered kDown are flushed.
  HealthRegistry registry(config(1, 1.0, 5));
  auto h = registry.get("127.0.0.1:20000");
  std::atomic<int> holders{0}, overlaps{0}, ups{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        h->count_request();
        if (!h->answer_down(i % 3 == 0)) {
          if (i % 7 == 0) {
            h->record_success();
          } else {
            h->record_timeout("slow");
          }
        }
        if (h->try_claim_probe(Clock::now() + 1h)) {
          if (holders.fetch_add(1) != 0) overlaps.fetch_add(1);
          bool flushed = h->snapshot().missed_writes;
          holders.fetch_sub(1);
          // A write answered kDown after the look: the probe must flush, then it is up.
          if (!h->finish_probe_ok(flushed)) {
            EXPECT_TRUE(h->finish_probe_ok(true));
          }
          ups.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(overlaps.load(), 0);
  auto s = h->snapshot();
  EXPECT_EQ(s.requests, 8000u);
  EXPECT_GE(s.marked_down, static_cast<uint64_t>(ups.load()));
  EXPECT_LE(s.marked_down, static_cast<uint64_t>(ups.load()) + 1);
}

}  // namespace
}  // namespace ringcache::proxy
