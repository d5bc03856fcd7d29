#include "common/util/clock.h"

#include <gtest/gtest.h>

#include <ctime>

namespace ringcache::common {
namespace {

TEST(ClockTest, SystemClockFollowsWallTime) {
  SystemClock clock;
  clock.tick();
  EXPECT_LE(std::abs(clock.now() - static_cast<int64_t>(std::time(nullptr))), 1);
}

TEST(ClockTest, FakeClockMovesOnlyByHand) {
  FakeClock clock(100);
  EXPECT_EQ(clock.now(), 100);
  clock.advance(5);
  EXPECT_EQ(clock.now(), 105);
  clock.set(7);
  EXPECT_EQ(clock.now(), 7);
}

}  // namespace
}  // namespace ringcache::common
