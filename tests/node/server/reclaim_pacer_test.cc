#include "node/server/reclaim_pacer.h"

#include <gtest/gtest.h>

#include <vector>

namespace ringcache::node {
namespace {

// The ticks (1-based) at which the pacer sweeps over `ticks` ticks, each sweep freeing what
// `freed` says for that tick.
std::vector<int> sweeps(ReclaimPacer& pacer, int ticks, std::size_t (*freed)(int tick)) {
  std::vector<int> at;
  for (int t = 1; t <= ticks; ++t) {
    if (pacer.due()) {
      at.push_back(t);
      pacer.swept(freed(t));
    }
  }
  return at;
}

TEST(ReclaimPacerTest, SweepsEveryTickWhileSweepsFreeItems) {
  ReclaimPacer pacer;
  EXPECT_EQ(sweeps(pacer, 5, [](int) -> std::size_t { return 3; }),
            (std::vector<int>{1, 2, 3, 4, 5}));
}

TEST(ReclaimPacerTest, BacksOffWhileNothingExpiresUpToTheCap) {
  ReclaimPacer pacer;
  EXPECT_EQ(sweeps(pacer, 200, [](int) -> std::size_t { return 0; }),
            (std::vector<int>{1, 3, 7, 15, 31, 63, 127, 191}));
  EXPECT_EQ(pacer.wait(), ReclaimPacer::kMaxWait);
}

TEST(ReclaimPacerTest, AnExpiredItemFoundResetsTheWait) {
  ReclaimPacer pacer;
  // Nothing at ticks 1, 3, 7; the sweep at 15 finds items, so 16 sweeps again, then 18.
  EXPECT_EQ(sweeps(pacer, 18, [](int t) -> std::size_t { return t == 15 ? 1 : 0; }),
            (std::vector<int>{1, 3, 7, 15, 16, 18}));
}

}  // namespace
}  // namespace ringcache::node
