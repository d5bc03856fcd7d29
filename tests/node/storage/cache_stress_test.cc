// Threads hammering a few shards with every operation (run under TSan in CI), bounded in
// operations; checks the invariants that must hold afterwards.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/util/clock.h"
#include "node/storage/cache.h"
#include "tests/node/storage/cache_test_util.h"

namespace ringcache::node {
namespace {

using testing::put;

TEST(CacheStressTest, ConcurrentMixedOperationsKeepInvariants) {
  common::FakeClock clock;
  CacheOptions options;
  options.memory_limit = 2u << 20;
  options.shards = 4;
  Cache cache(options, clock);
  constexpr int kThreads = 4;
  constexpr int kOps = 20000;
  std::atomic<uint64_t> incr_total{0};
  put(cache, "counter", "0");
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      const std::string value(3000, static_cast<char>('a' + t));
      for (int i = 0; i < kOps; ++i) {
        const std::string key = "k" + std::to_string(rng() % 500);
        uint64_t v = 0;
        switch (rng() % 10) {
          case 0: cache.remove(key); break;
          case 1: put(cache, key, "x", StoreMode::kAppend); break;
          case 2:
            if (cache.arith("counter", true, 1, &v) == ArithResult::kOk) incr_total.fetch_add(1);
            break;
          case 3: cache.touch(key, clock.now() + 100); break;
          case 4: cache.reclaim_expired(16); break;
          case 5: put(cache, key, value.substr(0, rng() % 3000), StoreMode::kSet, clock.now() + 2); break;
          case 6: if (t == 0 && i % 1000 == 0) clock.advance(1); break;
          default:
            cache.get(key, [&](const ItemView& item) {
              // One thread's bytes followed by appended 'x's, never a mix of two sets.
              const std::string_view v = item.value;
              if (v.empty()) return;
              const std::size_t tail = v.find_first_not_of(v.front());
              if (tail != std::string_view::npos) {
                EXPECT_EQ(v.find_first_not_of('x', tail), std::string_view::npos);
              }
            });
            break;
        }
        if (i % 512 == 0) {
          ASSERT_LE(cache.stats().memory_used, options.memory_limit);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  const CacheStats st = cache.stats();
  EXPECT_LE(st.memory_used, options.memory_limit);
  // The counter is small and read often enough to stay; every incr was counted once.
  auto counter = testing::value_of(cache, "counter");
  if (counter) {
    EXPECT_EQ(std::stoull(*counter), incr_total.load());
  }
}

}  // namespace
}  // namespace ringcache::node
