#include "node/storage/cache.h"

#include <gtest/gtest.h>

#include <string>

#include "common/util/clock.h"
#include "tests/node/storage/cache_test_util.h"

namespace ringcache::node {
namespace {

using testing::fetch;
using testing::put;
using testing::value_of;

class CacheTest : public ::testing::Test {
 protected:
  common::FakeClock clock_;
  Cache cache_{CacheOptions{}, clock_};
};

TEST_F(CacheTest, SetThenGetReturnsValueAndFlags) {
  EXPECT_EQ(put(cache_, "foo", "bar", StoreMode::kSet, 0, 42), StoreResult::kStored);
  auto got = fetch(cache_, "foo");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->value, "bar");
  EXPECT_EQ(got->flags, 42u);
  EXPECT_EQ(cache_.get("nope", [](const ItemView&) { FAIL(); }), LookupResult::kMiss);
}

TEST_F(CacheTest, SetOverwritesAndEmptyValueIsStored) {
  put(cache_, "k", "one");
  put(cache_, "k", "");
  EXPECT_EQ(value_of(cache_, "k"), "");
  EXPECT_EQ(cache_.stats().curr_items, 1u);
}

TEST_F(CacheTest, AddOnlyWhenAbsentReplaceOnlyWhenPresent) {
  EXPECT_EQ(put(cache_, "k", "a", StoreMode::kReplace), StoreResult::kNotStored);
  EXPECT_EQ(put(cache_, "k", "a", StoreMode::kAdd), StoreResult::kStored);
  EXPECT_EQ(put(cache_, "k", "b", StoreMode::kAdd), StoreResult::kNotStored);
  EXPECT_EQ(value_of(cache_, "k"), "a");
  EXPECT_EQ(put(cache_, "k", "c", StoreMode::kReplace), StoreResult::kStored);
  EXPECT_EQ(value_of(cache_, "k"), "c");
}

TEST_F(CacheTest, CasStoreNeedsTheCurrentValue) {
  EXPECT_EQ(put(cache_, "k", "x", StoreMode::kCas, 0, 0, 1), StoreResult::kNotFound);
  uint64_t cas = 0;
  put(cache_, "k", "v1", StoreMode::kSet, 0, 0, 0, &cas);
  EXPECT_NE(cas, 0u);
  EXPECT_EQ(put(cache_, "k", "v2", StoreMode::kCas, 0, 0, cas + 1), StoreResult::kExists);
  uint64_t cas2 = 0;
  EXPECT_EQ(put(cache_, "k", "v2", StoreMode::kCas, 0, 0, cas, &cas2), StoreResult::kStored);
  EXPECT_GT(cas2, cas);
  EXPECT_EQ(put(cache_, "k", "v3", StoreMode::kCas, 0, 0, cas), StoreResult::kExists);
  EXPECT_EQ(value_of(cache_, "k"), "v2");
}

TEST_F(CacheTest, EveryChangeBumpsCasAndReadsDoNot) {
  uint64_t last = 0;
  auto cas_now = [&] { return fetch(cache_, "n")->cas; };
  auto expect_bumped = [&](const char* what) {
    const uint64_t c = cas_now();
    EXPECT_GT(c, last) << what;
    last = c;
  };
  put(cache_, "n", "5");
  expect_bumped("set");
  put(cache_, "n", "6", StoreMode::kReplace);
  expect_bumped("replace");
  put(cache_, "n", "0", StoreMode::kAppend);
  expect_bumped("append");
  put(cache_, "n", "1", StoreMode::kPrepend);
  expect_bumped("prepend");
  uint64_t v = 0;
  cache_.arith("n", true, 1, &v);
  expect_bumped("incr");
  cache_.arith("n", false, 1, &v);
  expect_bumped("decr");
  cache_.arith("n", true, 100000, &v);  // grows: new item
  expect_bumped("incr that grows");
  put(cache_, "n", "7", StoreMode::kCas, 0, 0, last);
  expect_bumped("cas");
  cache_.touch("n", clock_.now() + 100);
  EXPECT_EQ(cas_now(), last) << "touch keeps the cas, as memcached";
  EXPECT_EQ(cas_now(), last) << "reads keep the cas";
}

TEST(CacheNoCasTest, CasIsAlwaysZeroWithoutUseCas) {
  common::FakeClock clock;
  CacheOptions options;
  options.use_cas = false;
  Cache cache(options, clock);
  uint64_t cas = 99;
  put(cache, "k", "v", StoreMode::kSet, 0, 0, 0, &cas);
  EXPECT_EQ(cas, 0u);
  EXPECT_EQ(fetch(cache, "k")->cas, 0u);
}

TEST_F(CacheTest, AppendPrependKeepFlagsAndExptime) {
  const int64_t exp = clock_.now() + 100;
  put(cache_, "k", "mid", StoreMode::kSet, exp, 7);
  EXPECT_EQ(put(cache_, "k", ">>", StoreMode::kAppend, 0, 99), StoreResult::kStored);
  EXPECT_EQ(put(cache_, "k", "<<", StoreMode::kPrepend, 0, 98), StoreResult::kStored);
  auto got = fetch(cache_, "k");
  EXPECT_EQ(got->value, "<<mid>>");
  EXPECT_EQ(got->flags, 7u);
  EXPECT_EQ(got->exptime, exp);
  EXPECT_EQ(put(cache_, "missing", "x", StoreMode::kAppend), StoreResult::kNotStored);
  EXPECT_EQ(put(cache_, "missing", "x", StoreMode::kPrepend), StoreResult::kNotStored);
}

TEST_F(CacheTest, AppendWithStaleCasIsRefused) {
  uint64_t cas = 0;
  put(cache_, "k", "a", StoreMode::kSet, 0, 0, 0, &cas);
  EXPECT_EQ(put(cache_, "k", "b", StoreMode::kAppend, 0, 0, cas + 5), StoreResult::kExists);
  EXPECT_EQ(put(cache_, "k", "b", StoreMode::kAppend, 0, 0, cas), StoreResult::kStored);
  EXPECT_EQ(value_of(cache_, "k"), "ab");
}

TEST_F(CacheTest, DeleteWithAndWithoutCas) {
  uint64_t cas = 0;
  put(cache_, "k", "v", StoreMode::kSet, 0, 0, 0, &cas);
  EXPECT_EQ(cache_.remove("k", cas + 1), DeleteResult::kExists);
  EXPECT_EQ(cache_.remove("k", cas), DeleteResult::kDeleted);
  EXPECT_EQ(cache_.remove("k"), DeleteResult::kNotFound);
  EXPECT_FALSE(value_of(cache_, "k"));
  EXPECT_EQ(cache_.stats().curr_items, 0u);
}

// memcached 1.6.18 -I 1m: set with a 1-byte key stores 1048516 bytes with flags 0 and
// 1048512 with flags != 0, and refuses one byte more (checked against the real server).
TEST_F(CacheTest, ItemSizeLimitMatchesMemcachedBoundary) {
  EXPECT_TRUE(cache_.item_size_ok(1, 1048516, 0));
  EXPECT_FALSE(cache_.item_size_ok(1, 1048517, 0));
  EXPECT_TRUE(cache_.item_size_ok(1, 1048512, 1));
  EXPECT_FALSE(cache_.item_size_ok(1, 1048513, 1));
  EXPECT_EQ(put(cache_, "k", std::string(1048517, 'x')), StoreResult::kTooLarge);
  EXPECT_EQ(put(cache_, "k", std::string(1048516, 'x')), StoreResult::kStored);
  EXPECT_EQ(value_of(cache_, "k")->size(), 1048516u);
}

TEST(CacheNoCasTest, ItemSizeLimitWithoutCasGainsEightBytes) {
  common::FakeClock clock;
  CacheOptions options;
  options.use_cas = false;
  Cache cache(options, clock);
  EXPECT_TRUE(cache.item_size_ok(1, 1048524, 0));
  EXPECT_FALSE(cache.item_size_ok(1, 1048525, 0));
}

TEST_F(CacheTest, AppendBeyondItemLimitIsNotStored) {
  put(cache_, "k", std::string(1048000, 'x'));
  EXPECT_EQ(put(cache_, "k", std::string(1000, 'y'), StoreMode::kAppend), StoreResult::kNotStored);
  EXPECT_EQ(value_of(cache_, "k")->size(), 1048000u);
}

TEST_F(CacheTest, StatsCountItemsAndBytes) {
  put(cache_, "a", "12345");
  put(cache_, "b", "1");
  put(cache_, "a", "123");
  const CacheStats st = cache_.stats();
  EXPECT_EQ(st.curr_items, 2u);
  EXPECT_EQ(st.total_items, 3u);
  // header (6 + 1-byte length + 6-byte cas; no exptime, no flags) + key + value
  EXPECT_EQ(st.bytes, 2 * 13u + 2 + 3 + 1);
  EXPECT_EQ(st.limit_maxbytes, 64u << 20);
  EXPECT_GT(st.memory_used, st.bytes + st.hash_bytes);
  cache_.reset_stats();
  EXPECT_EQ(cache_.stats().total_items, 0u);
  EXPECT_EQ(cache_.stats().curr_items, 2u);
}

TEST_F(CacheTest, GetReportsFetchedAndLastAccess) {
  put(cache_, "k", "v");
  const int64_t stored_at = clock_.now();
  clock_.advance(5);
  bool fetched = true;
  int64_t last = 0;
  cache_.get("k", [&](const ItemView& it) {
    fetched = it.fetched;
    last = it.last_access;
  });
  EXPECT_FALSE(fetched);
  EXPECT_EQ(last, stored_at);
  clock_.advance(3);
  cache_.get("k", [&](const ItemView& it) {
    fetched = it.fetched;
    last = it.last_access;
  });
  EXPECT_TRUE(fetched);
  // As memcached's segmented LRU: the first read only marks the item fetched, later
  // reads also move its access time.
  EXPECT_EQ(last, stored_at);
  clock_.advance(2);
  cache_.get("k", [&](const ItemView& it) { last = it.last_access; });
  EXPECT_EQ(last, stored_at + 8);
}

TEST_F(CacheTest, BinaryKeysAndValuesAreKeptExactly) {
  const std::string value("a\0b\r\nc", 6);
  put(cache_, "bin", value);
  EXPECT_EQ(value_of(cache_, "bin"), value);
  const std::string long_key(250, 'k');
  EXPECT_EQ(put(cache_, long_key, "v"), StoreResult::kStored);
  EXPECT_EQ(value_of(cache_, long_key), "v");
}

// memcached -C: no item has a unique value, so no cas can match, whatever the client sends.
TEST(CacheNoCasTest, CasNeverMatchesWithCasDisabled) {
  common::FakeClock clock;
  CacheOptions options;
  options.use_cas = false;
  Cache cache(options, clock);
  ASSERT_EQ(put(cache, "k", "x"), StoreResult::kStored);
  StoreArgs args;
  args.mode = StoreMode::kCas;
  args.key = "k";
  args.value = "y";
  args.cas = 0;
  EXPECT_EQ(cache.store(args), StoreResult::kExists);
  EXPECT_EQ(*value_of(cache, "k"), "x");
}

}  // namespace
}  // namespace ringcache::node
