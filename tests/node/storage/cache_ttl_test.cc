// Expiry, flush_all, touch/gat and the reclaimer, driven by a FakeClock.
#include <gtest/gtest.h>

#include <string>

#include "common/util/clock.h"
#include "node/storage/cache.h"
#include "tests/node/storage/cache_test_util.h"

namespace ringcache::node {
namespace {

using testing::fetch;
using testing::put;
using testing::value_of;

constexpr int64_t kThirtyDays = 2592000;

TEST(ExptimeTest, FollowsMemcachedRealtime) {
  const int64_t now = 1'700'000'000;
  EXPECT_EQ(to_absolute_exptime(0, now), 0);
  EXPECT_EQ(to_absolute_exptime(10, now), now + 10);
  EXPECT_EQ(to_absolute_exptime(kThirtyDays, now), now + kThirtyDays);  // still relative
  EXPECT_EQ(to_absolute_exptime(kThirtyDays + 1, now), kThirtyDays + 1);  // absolute (1970)
  EXPECT_EQ(to_absolute_exptime(now + 50, now), now + 50);
  EXPECT_LE(to_absolute_exptime(-1, now), now);
  EXPECT_NE(to_absolute_exptime(-1, now), 0);
}

class CacheTtlTest : public ::testing::Test {
 protected:
  int64_t abs(int64_t exptime) { return to_absolute_exptime(exptime, clock_.now()); }
  common::FakeClock clock_;
  Cache cache_{CacheOptions{}, clock_};
};

// An item stored without a TTL has no field for one: touch and gat move it, and it must
// come out the same item (value, flags, CAS, fetched state), only with the new TTL.
TEST_F(CacheTtlTest, TouchAndGatGiveATtlToAnItemStoredWithoutOne) {
  uint64_t cas = 0;
  put(cache_, "t", "value-t", StoreMode::kSet, 0, 7, 0, &cas);
  put(cache_, "g", "value-g", StoreMode::kSet, 0, 0);
  const uint64_t g_cas = fetch(cache_, "g")->cas;
  EXPECT_EQ(cache_.touch("t", abs(10)), TouchResult::kTouched);
  auto t = fetch(cache_, "t");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->value, "value-t");
  EXPECT_EQ(t->flags, 7u);
  EXPECT_EQ(t->cas, cas);
  EXPECT_EQ(t->exptime, abs(10));
  auto g = fetch(cache_, "g", abs(20));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->cas, g_cas);
  EXPECT_EQ(g->exptime, abs(20));
  EXPECT_EQ(put(cache_, "t", "new", StoreMode::kCas, 0, 0, cas), StoreResult::kStored);
  EXPECT_EQ(cache_.touch("g", 0), TouchResult::kTouched);  // and back to no TTL, in place
  clock_.advance(30);
  EXPECT_EQ(value_of(cache_, "g"), "value-g");
  EXPECT_EQ(value_of(cache_, "t"), "new");
  EXPECT_EQ(cache_.stats().curr_items, 2u);
  EXPECT_EQ(cache_.stats().total_items, 3u);  // the moves are not new versions
}

TEST_F(CacheTtlTest, RelativeExptimeExpiresAtItsSecond) {
  put(cache_, "k", "v", StoreMode::kSet, abs(10));
  clock_.advance(9);
  EXPECT_TRUE(value_of(cache_, "k"));
  clock_.advance(1);
  EXPECT_EQ(cache_.get("k", [](const ItemView&) {}), LookupResult::kExpired);
  EXPECT_EQ(cache_.get("k", [](const ItemView&) {}), LookupResult::kMiss);
  EXPECT_EQ(cache_.stats().curr_items, 0u);
  EXPECT_EQ(cache_.stats().expired_unfetched, 0u);  // it had been read
}

TEST_F(CacheTtlTest, ThirtyDayBoundary) {
  put(cache_, "rel", "v", StoreMode::kSet, abs(kThirtyDays));
  put(cache_, "abs", "v", StoreMode::kSet, abs(kThirtyDays + 1));  // 1970: already past
  EXPECT_TRUE(value_of(cache_, "rel"));
  EXPECT_FALSE(value_of(cache_, "abs"));
  clock_.advance(kThirtyDays - 1);
  EXPECT_TRUE(value_of(cache_, "rel"));
  clock_.advance(1);
  EXPECT_FALSE(value_of(cache_, "rel"));
}

TEST_F(CacheTtlTest, AbsoluteExptimeInFutureAndPast) {
  put(cache_, "future", "v", StoreMode::kSet, abs(clock_.now() + 100));
  put(cache_, "past", "v", StoreMode::kSet, abs(clock_.now() - 1));
  put(cache_, "now", "v", StoreMode::kSet, abs(clock_.now()));
  EXPECT_TRUE(value_of(cache_, "future"));
  EXPECT_FALSE(value_of(cache_, "past"));
  EXPECT_FALSE(value_of(cache_, "now"));
  clock_.advance(100);
  EXPECT_FALSE(value_of(cache_, "future"));
}

TEST_F(CacheTtlTest, NegativeExptimeStoresButRemovesTheKey) {
  put(cache_, "k", "old");
  EXPECT_EQ(put(cache_, "k", "new", StoreMode::kSet, abs(-1)), StoreResult::kStored);
  EXPECT_FALSE(value_of(cache_, "k"));
  EXPECT_EQ(cache_.stats().curr_items, 0u);
  // An expired item does not block add.
  put(cache_, "e", "1", StoreMode::kSet, abs(5));
  clock_.advance(5);
  EXPECT_EQ(put(cache_, "e", "2", StoreMode::kAdd), StoreResult::kStored);
  EXPECT_EQ(value_of(cache_, "e"), "2");
}

TEST_F(CacheTtlTest, TouchAndGatChangeExptime) {
  put(cache_, "k", "v", StoreMode::kSet, abs(5));
  EXPECT_EQ(cache_.touch("k", abs(100)), TouchResult::kTouched);
  EXPECT_EQ(cache_.touch("missing", abs(100)), TouchResult::kNotFound);
  clock_.advance(50);
  EXPECT_TRUE(value_of(cache_, "k"));
  auto got = fetch(cache_, "k", abs(0));  // gat 0: never expires
  ASSERT_TRUE(got);
  EXPECT_EQ(got->exptime, 0);
  clock_.advance(1000);
  EXPECT_TRUE(value_of(cache_, "k"));
  EXPECT_EQ(cache_.touch("k", abs(-1)), TouchResult::kTouched);
  EXPECT_FALSE(value_of(cache_, "k"));
}

TEST_F(CacheTtlTest, FlushAllNowKeepsLaterStoresOfTheSameSecond) {
  put(cache_, "a", "1");
  put(cache_, "b", "2");
  cache_.flush_all(0);
  EXPECT_EQ(cache_.get("a", [](const ItemView&) {}), LookupResult::kFlushed);
  EXPECT_FALSE(value_of(cache_, "b"));
  put(cache_, "c", "3");
  EXPECT_EQ(value_of(cache_, "c"), "3");
  EXPECT_EQ(put(cache_, "a", "x", StoreMode::kReplace), StoreResult::kNotStored);
}

TEST_F(CacheTtlTest, DelayedFlushTakesItemsStoredUntilItsTime) {
  put(cache_, "before", "1");
  cache_.flush_all(abs(10));
  clock_.advance(5);
  put(cache_, "during", "2");
  EXPECT_TRUE(value_of(cache_, "before"));  // not yet
  EXPECT_TRUE(value_of(cache_, "during"));
  clock_.advance(5);                        // the flush time has come
  EXPECT_FALSE(value_of(cache_, "before"));
  EXPECT_FALSE(value_of(cache_, "during"));
  put(cache_, "after", "3");
  EXPECT_TRUE(value_of(cache_, "after"));
  clock_.advance(100);
  EXPECT_TRUE(value_of(cache_, "after"));  // a delayed flush acts once
}

TEST_F(CacheTtlTest, ImmediateFlushCancelsAPendingDelayedOne) {
  cache_.flush_all(abs(10));
  cache_.flush_all(0);
  put(cache_, "k", "v");
  clock_.advance(20);
  EXPECT_TRUE(value_of(cache_, "k"));
}

TEST_F(CacheTtlTest, LaterDelayedFlushReplacesEarlierOne) {
  put(cache_, "k", "v");
  cache_.flush_all(abs(10));
  cache_.flush_all(abs(30));
  clock_.advance(15);
  EXPECT_TRUE(value_of(cache_, "k"));
  clock_.advance(15);
  EXPECT_FALSE(value_of(cache_, "k"));
}

TEST_F(CacheTtlTest, ReclaimerFreesExpiredItemsWithoutReads) {
  for (int i = 0; i < 1000; ++i) {
    put(cache_, "short:" + std::to_string(i), std::string(100, 'x'), StoreMode::kSet, abs(10));
    put(cache_, "long:" + std::to_string(i), std::string(100, 'x'), StoreMode::kSet, abs(1000));
  }
  const uint64_t bytes_before = cache_.stats().bytes;
  EXPECT_EQ(cache_.reclaim_expired(100000), 0u);
  clock_.advance(10);
  EXPECT_EQ(cache_.reclaim_expired(10), 10u);  // the budget bounds one call
  std::size_t total = 10;
  for (int round = 0; round < 100 && total < 1000; ++round) total += cache_.reclaim_expired(100);
  EXPECT_EQ(total, 1000u);
  const CacheStats st = cache_.stats();
  EXPECT_EQ(st.curr_items, 1000u);
  EXPECT_EQ(st.reclaimed, 1000u);
  EXPECT_EQ(st.expired_unfetched, 1000u);
  // The items are gone; their segment space is reused when their segment is recycled.
  EXPECT_LT(st.bytes, bytes_before - 1000 * 100);
  EXPECT_TRUE(value_of(cache_, "long:999"));
}

// The reclaimer passes over shards that hold no item with a TTL (no flush either): an item
// given a TTL later by touch must still be found once it expires.
TEST_F(CacheTtlTest, ReclaimerFreesItemsGivenATtlLater) {
  for (int i = 0; i < 100; ++i) put(cache_, "k" + std::to_string(i), "v");
  EXPECT_EQ(cache_.reclaim_expired(1000), 0u);
  EXPECT_EQ(cache_.touch("k7", abs(10)), TouchResult::kTouched);
  EXPECT_EQ(cache_.reclaim_expired(1000), 0u);
  clock_.advance(10);
  EXPECT_EQ(cache_.reclaim_expired(1000), 1u);
  EXPECT_FALSE(value_of(cache_, "k7"));
  EXPECT_EQ(cache_.stats().curr_items, 99u);
}

TEST_F(CacheTtlTest, ReclaimerDropsFlushedItems) {
  for (int i = 0; i < 100; ++i) put(cache_, "k" + std::to_string(i), "v");
  cache_.flush_all(0);
  std::size_t total = 0;
  for (int round = 0; round < 10 && total < 100; ++round) total += cache_.reclaim_expired(1000);
  EXPECT_EQ(total, 100u);
  EXPECT_EQ(cache_.stats().curr_items, 0u);
}

}  // namespace
}  // namespace ringcache::node
