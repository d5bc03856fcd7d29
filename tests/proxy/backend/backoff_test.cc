#include "proxy/backend/backoff.h"

#include <gtest/gtest.h>

namespace ringcache::proxy {
namespace {

using namespace std::chrono_literals;

TEST(BackoffTest, WaitsGrowWithinTheBoundsAndAreJittered) {
  Backoff b(100ms, 1000ms);
  std::vector<Backoff::Duration> waits;
  for (int i = 0; i < 50; ++i) waits.push_back(b.next());
  for (auto w : waits) {
    EXPECT_GE(w, 100ms);
    EXPECT_LE(w, 1000ms);
  }
  EXPECT_LE(waits[0], 200ms);  // first step: 2 x min
  for (std::size_t i = 10; i < waits.size(); ++i) EXPECT_GE(waits[i], 500ms);  // [max/2, max]
  std::sort(waits.begin() + 10, waits.end());
  EXPECT_NE(waits[10], waits.back());  // not all the same
  b.reset();
  EXPECT_LE(b.next(), 200ms);
}

TEST(BackoffTest, DegenerateBoundsAreRepaired) {
  Backoff b(0ms, 0ms);
  EXPECT_EQ(b.next(), 1ms);
  b.set_bounds(50ms, 10ms);  // max below min
  EXPECT_EQ(b.max(), 50ms);
  EXPECT_EQ(b.next(), 50ms);
}

}  // namespace
}  // namespace ringcache::proxy
