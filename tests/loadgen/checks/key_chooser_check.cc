#include "key_chooser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ringcache::loadgen {
namespace {

TEST(KeyChooser, UniformStaysInRangeAndSpreads) {
  Rng rng(7);
  KeyChooser uniform(1000, false, 0);
  std::vector<int> counts(1000);
  for (int i = 0; i < 200000; ++i) {
    uint64_t k = uniform.next(rng);
    ASSERT_LT(k, 1000u);
    ++counts[k];
  }
  for (int c : counts) EXPECT_NEAR(c, 200, 80);
}

// P(rank k) = k^-s / H(n, s): compare the head of the distribution with the exact values.
TEST(KeyChooser, ZipfMatchesExactProbabilities) {
  const uint64_t n = 1000;
  for (double s : {0.5, 0.99, 1.0, 1.5}) {
    Rng rng(11);
    KeyChooser zipf(n, true, s);
    std::vector<int> counts(n);
    const int samples = 400000;
    for (int i = 0; i < samples; ++i) {
      uint64_t k = zipf.next(rng);
      ASSERT_LT(k, n);
      ++counts[k];
    }
    double norm = 0;
    for (uint64_t k = 1; k <= n; ++k) norm += std::pow(static_cast<double>(k), -s);
    for (uint64_t k = 1; k <= 5; ++k) {
      double expected = samples * std::pow(static_cast<double>(k), -s) / norm;
      EXPECT_NEAR(counts[k - 1], expected, 5 * std::sqrt(expected) + 0.01 * expected) << "s=" << s;
    }
  }
}

TEST(KeyFormat, FixedWidthAndGrowsForLargeSpaces) {
  KeyFormat small("key:", 100000);
  EXPECT_EQ(small.key(42), "key:000042");
  EXPECT_EQ(small.length(), 10u);
  KeyFormat large("k", 20'000'000);
  EXPECT_EQ(large.key(42), "k00000042");
}

TEST(Rng, SameSeedSameSequence) {
  Rng a(3), b(3), c(4);
  EXPECT_EQ(a.next(), b.next());
  EXPECT_NE(a.next(), c.next());
  for (int i = 0; i < 1000; ++i) {
    double u = a.unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
}

}  // namespace
}  // namespace ringcache::loadgen
