// The storage side of the meta protocol: visitors that see and change the locked item,
// vivify on miss, invalidation (stale + recache token), ms I, and memcached's bumps.
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/util/clock.h"
#include "node/storage/cache.h"
#include "tests/node/storage/cache_test_util.h"

namespace ringcache::node {
namespace {

using testing::fetch;
using testing::put;

struct Seen {
  std::string value;
  uint64_t cas = 0;
  int64_t exptime = 0;
  int64_t last_access = 0;
  bool fetched = false;
  bool stale = false;
  bool win_sent = false;
  bool created = false;
  bool key_binary = false;
};

class CacheMetaTest : public ::testing::Test {
 protected:
  std::optional<Seen> mg(std::string_view key, MetaGetOptions options = {}) {
    std::optional<Seen> out;
    cache_.meta_get(key, options, [&](MetaItem& it) { out = capture(it); });
    return out;
  }
  // A client that asks for the recache token the way mg does when it sees a stale item.
  bool grab_token(std::string_view key) {
    bool won = false;
    cache_.meta_get(key, {}, [&](MetaItem& it) {
      if (it.stale() && !it.win_sent()) {
        it.mark_win_sent();
        won = true;
      }
    });
    return won;
  }
  static Seen capture(const MetaItem& it) {
    return Seen{std::string(it.value()), it.cas(),    it.exptime(), it.last_access(),
                it.fetched(),            it.stale(),  it.win_sent(), it.created(),
                it.key_binary()};
  }

  common::FakeClock clock_;
  Cache cache_{CacheOptions{}, clock_};
};

TEST_F(CacheMetaTest, VisitorSeesTheItemAndMayChangeItsTtl) {
  put(cache_, "k", "v", StoreMode::kSet, clock_.now() + 100, 7);
  cache_.meta_get("k", {}, [&](MetaItem& it) {
    EXPECT_EQ(it.key(), "k");
    EXPECT_EQ(it.flags(), 7u);
    EXPECT_EQ(it.exptime(), clock_.now() + 100);
    it.set_exptime(clock_.now() + 10);
    EXPECT_EQ(it.exptime(), clock_.now() + 10);  // a later flag reads the new TTL
  });
  clock_.advance(10);
  EXPECT_FALSE(mg("k"));
}

TEST_F(CacheMetaTest, NoUpdateLeavesTheItemUnfetched) {
  put(cache_, "k", "v");
  MetaGetOptions peek;
  peek.no_update = true;
  EXPECT_FALSE(mg("k", peek)->fetched);
  EXPECT_FALSE(mg("k", peek)->fetched);
  EXPECT_FALSE(mg("k")->fetched);
  EXPECT_TRUE(mg("k")->fetched);
}

TEST_F(CacheMetaTest, FirstReadOnlyMarksFetchedLaterReadsMoveTheAccessTime) {
  put(cache_, "k", "v");
  const int64_t stored = clock_.now();
  clock_.advance(2);
  EXPECT_EQ(mg("k")->last_access, stored);
  clock_.advance(3);
  EXPECT_EQ(mg("k")->last_access, stored);  // the first read did not move it
  clock_.advance(2);
  EXPECT_EQ(mg("k")->last_access, stored + 5);
}

TEST_F(CacheMetaTest, VivifyCreatesAnEmptyItemOnceAndCountsIt) {
  MetaGetOptions viv;
  viv.vivify = true;
  auto first = mg("k", viv);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->value, "");
  EXPECT_EQ(first->cas, 1u);
  EXPECT_EQ(first->exptime, 0);
  auto second = mg("k", viv);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->created);
  EXPECT_EQ(cache_.stats().total_items, 1u);
  EXPECT_EQ(cache_.stats().curr_items, 1u);
}

TEST_F(CacheMetaTest, InvalidateKeepsTheValueAndHandsTheTokenToOneClient) {
  put(cache_, "k", "old", StoreMode::kSet, clock_.now() + 100);
  MetaDeleteArgs inv;
  inv.invalidate = true;
  inv.exptime = clock_.now() + 30;
  EXPECT_EQ(cache_.meta_delete("k", inv), DeleteResult::kDeleted);
  auto seen = mg("k");
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->value, "old");
  EXPECT_TRUE(seen->stale);
  EXPECT_EQ(seen->exptime, clock_.now() + 30);
  EXPECT_EQ(seen->cas, 2u);  // invalidation bumps the CAS
  EXPECT_TRUE(grab_token("k"));
  EXPECT_FALSE(grab_token("k"));
  // A second invalidation puts the token back up for grabs.
  EXPECT_EQ(cache_.meta_delete("k", inv), DeleteResult::kDeleted);
  EXPECT_TRUE(grab_token("k"));
  // A real update ends it all.
  put(cache_, "k", "new");
  auto fresh = mg("k");
  EXPECT_FALSE(fresh->stale);
  EXPECT_FALSE(fresh->win_sent);
}

TEST_F(CacheMetaTest, ConcurrentReadersOfAStaleItemProduceExactlyOneWinner) {
  put(cache_, "k", "v");
  MetaDeleteArgs inv;
  inv.invalidate = true;
  cache_.meta_delete("k", inv);
  std::atomic<int> wins{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 200; ++i) wins += grab_token("k") ? 1 : 0;
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(wins.load(), 1);
}

TEST_F(CacheMetaTest, DeleteComparesCasWhenAskedEvenZero) {
  uint64_t cas = 0;
  put(cache_, "k", "v", StoreMode::kSet, 0, 0, 0, &cas);
  MetaDeleteArgs args;
  args.compare_cas = true;
  args.cas = 0;
  EXPECT_EQ(cache_.meta_delete("k", args), DeleteResult::kExists);
  args.cas = cas;
  EXPECT_EQ(cache_.meta_delete("k", args), DeleteResult::kDeleted);
  EXPECT_EQ(cache_.meta_delete("k", args), DeleteResult::kNotFound);
}

TEST_F(CacheMetaTest, InvalidatingSetStoresAnOlderCasAsStaleKeepingTtlAndToken) {
  uint64_t first = 0;
  put(cache_, "k", "v1", StoreMode::kSet, clock_.now() + 50, 0, 0, &first);
  MetaDeleteArgs inv;
  inv.invalidate = true;
  cache_.meta_delete("k", inv);
  ASSERT_TRUE(grab_token("k"));
  StoreArgs late;
  late.mode = StoreMode::kCas;
  late.key = "k";
  late.value = "v0";
  late.cas = first;  // older than the invalidation's CAS
  late.exptime = clock_.now() + 999;
  EXPECT_EQ(cache_.store(late), StoreResult::kExists);  // without I: refused
  late.invalidate = true;
  EXPECT_EQ(cache_.store(late), StoreResult::kStored);
  auto seen = mg("k");
  EXPECT_EQ(seen->value, "v0");
  EXPECT_TRUE(seen->stale);
  EXPECT_TRUE(seen->win_sent);
  EXPECT_EQ(seen->exptime, clock_.now() + 50);
  late.cas = seen->cas + 1;  // newer than the item's: no match either way
  EXPECT_EQ(cache_.store(late), StoreResult::kExists);
}

TEST_F(CacheMetaTest, AppendAndAGrownNumberMakeAFreshItem) {
  put(cache_, "k", "x");
  StoreArgs bin;
  bin.key = "k";
  bin.value = "x";
  bin.key_binary = true;
  cache_.store(bin);
  EXPECT_TRUE(mg("k")->key_binary);
  mg("k");
  MetaDeleteArgs inv;
  inv.invalidate = true;
  cache_.meta_delete("k", inv);
  put(cache_, "k", "y", StoreMode::kAppend);
  auto seen = mg("k");
  EXPECT_EQ(seen->value, "xy");
  EXPECT_FALSE(seen->fetched);
  EXPECT_FALSE(seen->stale);
  EXPECT_FALSE(seen->key_binary);
}

TEST_F(CacheMetaTest, ArithVisitsTheUpdatedItemAndVivifiesWithTheInitialValue) {
  MetaArithArgs args;
  args.vivify = true;
  args.initial = 10;
  uint64_t number = 0;
  bool created = false;
  auto visit = [&](MetaItem& it, uint64_t n) {
    number = n;
    created = it.created();
    it.set_exptime(clock_.now() + 5);
  };
  EXPECT_EQ(cache_.meta_arith("n", args, visit).result, ArithResult::kOk);
  EXPECT_TRUE(created);
  EXPECT_EQ(number, 10u);
  EXPECT_EQ(fetch(cache_, "n")->value, "10");
  args.delta = 95;
  EXPECT_EQ(cache_.meta_arith("n", args, visit).result, ArithResult::kOk);
  EXPECT_FALSE(created);
  EXPECT_EQ(number, 105u);
  EXPECT_EQ(fetch(cache_, "n")->exptime, clock_.now() + 5);
  args.cas = 1;  // not the current CAS
  EXPECT_EQ(cache_.meta_arith("n", args, visit).result, ArithResult::kExists);
  args.cas = 0;
  args.vivify = false;
  EXPECT_EQ(cache_.meta_arith("none", args, visit).result, ArithResult::kNotFound);
  clock_.advance(5);
  EXPECT_FALSE(fetch(cache_, "n"));
}

TEST_F(CacheMetaTest, WithoutCasAppendIgnoresTheCompareValue) {
  CacheOptions no_cas;
  no_cas.use_cas = false;
  Cache cache(no_cas, clock_);
  put(cache, "k", "a");
  EXPECT_EQ(put(cache, "k", "b", StoreMode::kAppend, 0, 0, 5), StoreResult::kStored);
  EXPECT_EQ(put(cache, "k", "c", StoreMode::kCas, 0, 0, 5), StoreResult::kExists);
  EXPECT_EQ(fetch(cache, "k")->value, "ab");
}

}  // namespace
}  // namespace ringcache::node
