#include "histogram.h"

#include <gtest/gtest.h>

namespace ringcache::loadgen {
namespace {

TEST(Histogram, BucketsCoverEveryValueContiguously) {
  for (int i = 0; i + 1 < Histogram::kBuckets; ++i)
    ASSERT_EQ(Histogram::bucket_low(i) + Histogram::bucket_width(i), Histogram::bucket_low(i + 1)) << i;
  for (uint64_t v : {0ull, 1ull, 63ull, 64ull, 65ull, 1000ull, 123456789ull, ~0ull}) {
    int b = Histogram::bucket_of(v);
    EXPECT_LE(Histogram::bucket_low(b), v);
    EXPECT_LE(v - Histogram::bucket_low(b), Histogram::bucket_width(b) - 1);
  }
}

TEST(Histogram, QuantilesOfUniformValuesAreWithinBucketError) {
  Histogram h;
  for (uint64_t v = 1; v <= 100000; ++v) h.record(v * 10);
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_NEAR(static_cast<double>(h.quantile(0.5)), 500000, 500000 * 0.016);
  EXPECT_NEAR(static_cast<double>(h.quantile(0.99)), 990000, 990000 * 0.016);
  EXPECT_NEAR(static_cast<double>(h.quantile(0.999)), 999000, 999000 * 0.016);
  EXPECT_EQ(h.quantile(1.0), 1000000u);
  EXPECT_EQ(h.max(), 1000000u);
}

TEST(Histogram, TailIsSeenAndMergeAdds) {
  Histogram a, b;
  for (int i = 0; i < 990; ++i) a.record(100);
  for (int i = 0; i < 10; ++i) b.record(1'000'000);
  a.merge(b);
  EXPECT_EQ(a.count(), 1000u);
  EXPECT_EQ(a.quantile(0.5), 100u);
  EXPECT_EQ(a.quantile(0.99), 100u);
  EXPECT_NEAR(static_cast<double>(a.quantile(0.999)), 1e6, 1e6 * 0.016);
  EXPECT_EQ(Histogram().quantile(0.5), 0u);
}

TEST(Histogram, CountBelowIsCumulative) {
  Histogram h;
  h.record(1000);
  h.record(3000);
  h.record(5000);
  EXPECT_EQ(h.count_below(1000), 0u);
  EXPECT_EQ(h.count_below(2048), 1u);
  EXPECT_EQ(h.count_below(4096), 2u);
  EXPECT_EQ(h.count_below(8192), 3u);
}

}  // namespace
}  // namespace ringcache::loadgen
