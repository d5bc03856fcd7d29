// What the budget buys: items retained by a 64 MB cache (memcached -m 64 keeps about
// 349,000 items of 100-byte values with keys like "key:123456"), and the process RSS
// under churn of mixed sizes. Figures are printed for the record.
#include <malloc.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include "common/util/clock.h"
#include "node/storage/cache.h"
#include "tests/node/storage/cache_test_util.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RINGCACHE_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define RINGCACHE_SANITIZED 1
#endif
#endif

namespace ringcache::node {
namespace {

using testing::put;

constexpr std::size_t kMiB = 1u << 20;

TEST(CacheFootprintTest, SixtyFourMegabytesHoldMoreItemsThanMemcached) {
  common::FakeClock clock;
  CacheOptions options;
  options.memory_limit = 64 * kMiB;
  Cache cache(options, clock);
  const std::string value(100, 'v');
  constexpr int kFirst = 100000;  // keys "key:100000" .. "key:999999": 10 bytes each
  for (int i = kFirst; i < kFirst + 700000; ++i) {
    ASSERT_EQ(put(cache, "key:" + std::to_string(i), value), StoreResult::kStored);
  }
  const CacheStats st = cache.stats();
  ASSERT_LE(st.memory_used, options.memory_limit);
  const double per_item = static_cast<double>(options.memory_limit) / st.curr_items;
  const double payload = static_cast<double>(st.curr_items) * (10 + 100) / options.memory_limit;
  std::printf("[ figures  ] -m 64, 10 B keys, 100 B values: %llu items retained, "
              "%.1f bytes per item (hash %.1f), payload %.1f%% of the limit, %llu evictions\n",
              static_cast<unsigned long long>(st.curr_items), per_item,
              static_cast<double>(st.hash_bytes) / st.curr_items, 100 * payload,
              static_cast<unsigned long long>(st.evictions));
  EXPECT_GT(st.curr_items, 349000u);
}

[[maybe_unused]] long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// Log-uniform sizes 1 B .. 1 MiB written over a 64 MB cache four times its size.
TEST(CacheFootprintTest, RssStaysWithinLimitUnderMixedSizeChurn) {
#ifdef RINGCACHE_SANITIZED
  GTEST_SKIP() << "sanitizer allocators keep their own shadow and quarantine";
#else
  common::FakeClock clock;
  CacheOptions options;
  options.memory_limit = 64 * kMiB;
  const std::string source(kMiB - 100, 's');
  malloc_trim(0);
  const long before = rss_kib();
  long peak = 0;
  {
    Cache cache(options, clock);
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> log_size(0.0, 20.0);
    std::size_t written = 0;
    for (int i = 0; written < 4 * options.memory_limit; ++i) {
      const std::size_t size = std::min(static_cast<std::size_t>(std::exp2(log_size(rng))), source.size());
      put(cache, "churn:" + std::to_string(rng() % 200000), std::string_view(source.data(), size));
      written += size;
      if (i % 2000 == 0) peak = std::max(peak, rss_kib());
    }
    peak = std::max(peak, rss_kib());
    const CacheStats st = cache.stats();
    std::printf("[ figures  ] churn 1 B..1 MiB over -m 64: RSS growth peak %.1f MiB, charged %.1f MiB, "
                "items %llu, bytes %.1f MiB\n",
                (peak - before) / 1024.0, st.memory_used / double(kMiB),
                static_cast<unsigned long long>(st.curr_items), st.bytes / double(kMiB));
  }
  EXPECT_LE(peak - before, static_cast<long>(options.memory_limit / 1024 + 8 * 1024));
#endif
}

}  // namespace
}  // namespace ringcache::node
