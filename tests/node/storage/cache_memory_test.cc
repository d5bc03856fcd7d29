// The memory budget: eviction order, -M, the limit under churn, and how many items fit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "common/util/clock.h"
#include "node/storage/cache.h"
#include "tests/node/storage/cache_test_util.h"

namespace ringcache::node {
namespace {

using testing::fetch;
using testing::put;
using testing::value_of;

std::string key_of(int i) { return "key:" + std::to_string(i); }

CacheOptions small_options(std::size_t limit, bool evict = true) {
  CacheOptions o;
  o.memory_limit = limit;
  o.evict = evict;
  o.shards = 4;
  return o;
}

TEST(CacheEvictionTest, RecentlyUsedItemsSurvive) {
  common::FakeClock clock;
  Cache cache(small_options(2u << 20), clock);
  const std::string value(100, 'v');
  constexpr int kHot = 300;
  for (int i = 0; i < 5000; ++i) put(cache, key_of(i), value);
  ASSERT_EQ(cache.stats().evictions, 0u);
  // Keys 0..kHot-1 are read all along; 60000 new keys push everything else out.
  for (int i = 5000; i < 65000; ++i) {
    if (i % 1000 == 0) {
      for (int h = 0; h < kHot; ++h) ASSERT_TRUE(value_of(cache, key_of(h))) << "hot " << h << " at " << i;
    }
    ASSERT_EQ(put(cache, key_of(i), value), StoreResult::kStored);
    ASSERT_LE(cache.stats().memory_used, 2u << 20);
  }
  int cold_left = 0;
  for (int i = kHot; i < 5000; ++i) cold_left += value_of(cache, key_of(i)).has_value();
  EXPECT_LE(cold_left, 10);  // CLOCK is approximate: an entry shifted back by an erase
                             // can miss one pass of the hand
  int newest_left = 0;
  for (int i = 64000; i < 65000; ++i) newest_left += value_of(cache, key_of(i)).has_value();
  EXPECT_GT(newest_left, 900);  // a new item survives at least one revolution of the hand
  const CacheStats st = cache.stats();
  EXPECT_EQ(st.evictions + st.curr_items, 65000u);  // nothing expired or was deleted
  EXPECT_GT(st.evictions, 45000u);                  // 2 MiB hold ~16,000 of these items
  EXPECT_GT(st.evicted_unfetched + kHot, st.evictions);  // only cold items went
}

TEST(CacheEvictionTest, BigItemEvictsFromOtherShardsWhenItsOwnIsEmpty) {
  common::FakeClock clock;
  Cache cache(small_options(4u << 20), clock);
  const std::string small(1000, 's');
  for (int i = 0; i < 4000; ++i) put(cache, key_of(i), small);
  const std::string big(1000000, 'b');
  for (int i = 0; i < 8; ++i) {
    ASSERT_EQ(put(cache, "big" + std::to_string(i), big), StoreResult::kStored);
    ASSERT_LE(cache.stats().memory_used, 4u << 20);
  }
  EXPECT_EQ(value_of(cache, "big7")->size(), big.size());
}

TEST(CacheEvictionTest, NoEvictModeRefusesWhenFullAndKeepsData) {
  common::FakeClock clock;
  Cache cache(small_options(1u << 20, /*evict=*/false), clock);
  const std::string value(1000, 'v');
  // Each shard fills its own segments, so the first refusal can leave a little room in
  // other shards: store until refusals are all that is left.
  std::vector<int> stored;
  int refused_in_a_row = 0;
  for (int i = 0; i < 10000 && refused_in_a_row < 50; ++i) {
    if (put(cache, key_of(i), value) == StoreResult::kStored) {
      stored.push_back(i);
      refused_in_a_row = 0;
    } else {
      ++refused_in_a_row;
    }
  }
  ASSERT_EQ(refused_in_a_row, 50);
  EXPECT_GT(stored.size(), 700u);
  EXPECT_EQ(put(cache, "more", value), StoreResult::kNoMemory);
  EXPECT_LE(cache.stats().memory_used, 1u << 20);
  EXPECT_EQ(cache.stats().evictions, 0u);
  for (int i : stored) ASSERT_TRUE(value_of(cache, key_of(i))) << i;
  // Full, a TTL given later still applies: nothing needs room that is not there.
  const int64_t expires = clock.now() + 100;
  EXPECT_EQ(cache.touch(key_of(stored[1]), expires), TouchResult::kTouched);
  EXPECT_EQ(fetch(cache, key_of(stored[1]))->exptime, expires);
  uint64_t v = 0;
  put(cache, key_of(stored[0]), "9");  // smaller, so it fits
  EXPECT_EQ(cache.arith(key_of(stored[0]), true, 1, &v), ArithResult::kOk);
  // Space comes back after deletes (in every shard: deleted keys are spread over them).
  for (std::size_t i = 1; i < 60; ++i) cache.remove(key_of(stored[i]));
  EXPECT_EQ(put(cache, "more", value), StoreResult::kStored);
}

TEST(CacheEvictionTest, NoEvictModeStillReusesExpiredItems) {
  common::FakeClock clock;
  Cache cache(small_options(1u << 20, /*evict=*/false), clock);
  const std::string value(1000, 'v');
  int stored = 0;
  while (stored < 10000 &&
         put(cache, key_of(stored), value, StoreMode::kSet, clock.now() + 10) == StoreResult::kStored) {
    ++stored;
  }
  ASSERT_LT(stored, 10000);
  clock.advance(10);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(put(cache, "new" + std::to_string(i), value), StoreResult::kStored) << i;
  }
  EXPECT_EQ(cache.stats().evictions, 0u);
  EXPECT_GE(cache.stats().reclaimed, 90u);  // the new keys are a little shorter
}

// Items of every header shape (value lengths around the varint steps, flags zero or not)
// keep their bytes while segment recycling compacts them again and again.
TEST(CacheEvictionTest, ItemsKeepTheirBytesThroughCompaction) {
  common::FakeClock clock;
  Cache cache(small_options(1u << 20), clock);
  const std::size_t sizes[] = {0, 1, 127, 128, 129, 3000, 16383, 16384, 70000};
  std::string value;
  for (std::size_t i = 0; i < std::size(sizes); ++i) {
    value.assign(sizes[i], static_cast<char>('a' + i));
    ASSERT_EQ(put(cache, "shape" + std::to_string(i), value, StoreMode::kSet, 0,
                  static_cast<uint32_t>(i * 0x1010101u)),
              StoreResult::kStored);
  }
  const std::string filler(300, 'f');
  for (int i = 0; i < 40000; ++i) {
    put(cache, key_of(i), filler);
    if (i % 500 != 0) continue;
    for (std::size_t k = 0; k < std::size(sizes); ++k) {  // reads keep them in the cache
      auto got = testing::fetch(cache, "shape" + std::to_string(k));
      ASSERT_TRUE(got) << k << " at " << i;
      ASSERT_EQ(got->value, std::string(sizes[k], static_cast<char>('a' + k))) << k;
      ASSERT_EQ(got->flags, static_cast<uint32_t>(k * 0x1010101u)) << k;
    }
  }
  EXPECT_GT(cache.stats().evictions, 30000u);
}

// Mixed sizes from 1 B to 256 KiB (log-uniform) with every kind of write: the charged
// total never passes the limit, and all of it comes back when the items are gone.
TEST(CacheBudgetTest, NeverExceedsTheLimitUnderRandomChurn) {
  common::FakeClock clock;
  constexpr std::size_t kLimit = 8u << 20;
  Cache cache(small_options(kLimit), clock);
  const CacheStats empty = cache.stats();
  const std::size_t fixed = empty.memory_used - empty.hash_bytes;
  std::mt19937_64 rng(7);
  const std::string source(256u << 10, 'x');
  std::uniform_real_distribution<double> log_size(0.0, 18.0);
  constexpr int kKeys = 3000;
  for (int op = 0; op < 40000; ++op) {
    const std::string key = key_of(static_cast<int>(rng() % kKeys));
    const std::size_t size = static_cast<std::size_t>(std::exp2(log_size(rng)));
    const std::string_view value(source.data(), std::min(size, source.size()));
    switch (rng() % 8) {
      case 0: put(cache, key, value.substr(0, 100), StoreMode::kAppend); break;
      case 1: put(cache, key, "1", StoreMode::kPrepend); break;
      case 2: cache.remove(key); break;
      case 3: {
        uint64_t v;
        put(cache, key, "99", StoreMode::kAdd);
        cache.arith(key, true, 1000, &v);
        break;
      }
      case 4: put(cache, key, value, StoreMode::kSet, clock.now() + 1 + rng() % 5); break;
      default: put(cache, key, value); break;
    }
    if (op % 1000 == 0) clock.advance(1);
    ASSERT_LE(cache.stats().memory_used, kLimit) << "op " << op;
  }
  EXPECT_GT(cache.stats().evictions, 0u);
  for (int i = 0; i < kKeys; ++i) cache.remove(key_of(i));
  const CacheStats done = cache.stats();
  EXPECT_EQ(done.curr_items, 0u);
  EXPECT_EQ(done.bytes, 0u);
  EXPECT_EQ(done.memory_used - done.hash_bytes, fixed);
}

}  // namespace
}  // namespace ringcache::node
