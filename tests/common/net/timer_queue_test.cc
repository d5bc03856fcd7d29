#include "common/net/timer_queue.h"

#include <gtest/gtest.h>

#include <string>

namespace ringcache::common {
namespace {

using namespace std::chrono_literals;
using Clock = TimerQueue::Clock;

TEST(TimerQueueTest, RunsDueTimersEarliestFirst) {
  TimerQueue q;
  Clock::time_point t0{};
  std::string order;
  q.add(t0 + 30ms, [&] { order += "c"; });
  q.add(t0 + 10ms, [&] { order += "a"; });
  q.add(t0 + 20ms, [&] { order += "b"; });
  q.add(t0 + 10ms, [&] { order += "A"; });  // same deadline: in the order added
  EXPECT_EQ(q.next_deadline(), t0 + 10ms);
  EXPECT_EQ(q.run_due(t0 + 20ms), 3u);
  EXPECT_EQ(order, "aAb");
  EXPECT_EQ(q.next_deadline(), t0 + 30ms);
  EXPECT_EQ(q.run_due(t0 + 29ms), 0u);
  EXPECT_EQ(q.run_due(t0 + 30ms), 1u);
  EXPECT_EQ(order, "aAbc");
  EXPECT_FALSE(q.next_deadline().has_value());
}

TEST(TimerQueueTest, CancelledTimersNeverRun) {
  TimerQueue q;
  Clock::time_point t0{};
  int ran = 0;
  auto a = q.add(t0 + 1ms, [&] { ran += 1; });
  q.add(t0 + 2ms, [&] { ran += 10; });
  EXPECT_TRUE(q.cancel(a));
  EXPECT_FALSE(q.cancel(a));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.next_deadline(), t0 + 2ms);
  q.run_due(t0 + 5ms);
  EXPECT_EQ(ran, 10);
}

TEST(TimerQueueTest, ManyCancelledTimersDoNotAccumulate) {
  TimerQueue q;
  Clock::time_point t0{};
  for (int i = 0; i < 10000; ++i) q.cancel(q.add(t0 + std::chrono::seconds(i), [] {}));
  EXPECT_EQ(q.size(), 0u);
  EXPECT_FALSE(q.next_deadline().has_value());
}

TEST(TimerQueueTest, CallbacksMayAddAndCancelTimers) {
  TimerQueue q;
  Clock::time_point t0{};
  int ran = 0;
  TimerQueue::TimerId victim = 0;
  q.add(t0, [&] {
    ++ran;
    q.add(t0, [&] { ++ran; });  // due, but runs on the next pass: no endless loop
    q.cancel(victim);
  });
  victim = q.add(t0 + 1ms, [&] { ran += 100; });
  EXPECT_EQ(q.run_due(t0 + 1ms), 1u);
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(q.run_due(t0 + 1ms), 1u);
  EXPECT_EQ(ran, 2);
}

}  // namespace
}  // namespace ringcache::common
