// Cache::Shard: one lock, one hash table, one CLOCK hand, and the counters they change.
// Every method expects the caller to hold `mu`. Items that leave the table go into a
// FreeBatch, which the caller frees after unlocking (free() of a big mmap'd value is a
// syscall that should not stall the shard).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>

#include "node/storage/cache.h"
#include "node/storage/hash_table.h"
#include "node/storage/item.h"
#include "node/storage/memory_budget.h"

namespace ringcache::node {

// What makes an item dead at this moment (snapshot taken once per operation).
struct Cache::Validity {
  int64_t now = 0;
  uint64_t flush_seq = 0;  // items with a smaller cas were flushed

  LookupResult check(const Item& item) const {
    if (item.cas < flush_seq) return LookupResult::kFlushed;
    if (item.exptime != 0 && static_cast<int64_t>(item.exptime) <= now) {
      return LookupResult::kExpired;
    }
    return LookupResult::kHit;
  }
};

// Items unlinked under a shard lock, freed (and uncharged) once the lock is dropped.
class FreeBatch {
 public:
  static constexpr std::size_t kCapacity = 128;
  FreeBatch() = default;
  FreeBatch(const FreeBatch&) = delete;
  FreeBatch& operator=(const FreeBatch&) = delete;

  void add(Item* item) { items_[n_++] = item; }
  bool full() const { return n_ == kCapacity; }
  void release(MemoryBudget& budget);

 private:
  Item* items_[kCapacity];
  std::size_t n_ = 0;
};

struct ShardStats {
  uint64_t curr_items = 0;
  uint64_t total_items = 0;
  uint64_t bytes = 0;
  uint64_t evictions = 0;
  uint64_t evicted_unfetched = 0;
  uint64_t evicted_active = 0;
  uint64_t reclaimed = 0;
  uint64_t expired_unfetched = 0;
};

class alignas(64) Cache::Shard {
 public:
  std::mutex mu;
  HashTable table;
  ShardStats stats;
  uint64_t hand = 0;               // CLOCK hand: step count, see hand_slot()
  std::size_t reclaim_cursor = 0;  // where the background reclaimer resumes

  // Finds `key`. A dead item is unlinked into `dead` and reported as kExpired/kFlushed.
  std::size_t lookup(uint64_t hash, std::string_view key, const Validity& v, FreeBatch& dead,
                     LookupResult* result);
  // Adds an item for an absent key, growing the table when it is too full; false only if
  // the table could neither take it nor grow (budget exhausted and nothing to evict).
  bool link(uint64_t hash, Item* item, MemoryBudget& budget, bool evict, const Validity& v);
  // Puts `item` in place of the one in `slot`, which goes to `dead`.
  void replace(std::size_t slot, Item* item, FreeBatch& dead);
  // Removes the slot's item into `dead`.
  void unlink(std::size_t slot, FreeBatch& dead);
  // Advances the CLOCK hand until `need` charged bytes are freed (into `out`), `out` is
  // full, or the shard is empty. Dead items always go; live ones only when `evict_live`.
  std::size_t evict(std::size_t need, const Validity& v, bool evict_live, FreeBatch& out);
  // Scans up to `max_slots` slots from reclaim_cursor, unlinking up to `max_items` dead
  // items into `out`.
  std::size_t reclaim(std::size_t max_slots, std::size_t max_items, const Validity& v,
                      FreeBatch& out);
  // Seconds since the item next in line for eviction was last used (0 when empty).
  int64_t tail_age(int64_t now) const;

 private:
  // The hand visits slots in a scattered order (an odd-multiplier permutation of the
  // table), not one after another: evicting a contiguous stretch would leave the slots
  // just ahead of the hand ever denser, and Robin Hood runs there ever longer.
  std::size_t hand_slot() const {
    return static_cast<std::size_t>(hand * 0x9E3779B97F4A7C15ull) & (table.capacity() - 1);
  }
  void count_dead(const Item& item, LookupResult why);
  bool grow_or_shrink(MemoryBudget& budget, bool evict, const Validity& v);
};

}  // namespace ringcache::node
