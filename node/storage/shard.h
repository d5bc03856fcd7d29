// Cache::Shard: one lock, one hash table, one FIFO of segments with its active (append)
// segment, and the counters they change. Every method expects the caller to hold `mu`.
// Segments that empty go into a FreeBatch: their charge is released at once (so the shard
// can take a new segment in the same critical section), their memory once the caller has
// dropped the lock (munmap/free are syscalls that should not stall the shard).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string_view>

#include "node/storage/cache.h"
#include "node/storage/hash_table.h"
#include "node/storage/item.h"
#include "node/storage/memory_budget.h"
#include "node/storage/segment.h"

namespace ringcache::node {

// Unix seconds as an item's time field holds them (relative to the cache's epoch).
inline uint32_t to_item_time(int64_t now, int64_t epoch) {
  const int64_t t = now - epoch;
  if (t < 0) return 0;
  return t > int64_t{Item::kTimeMask} ? Item::kTimeMask : static_cast<uint32_t>(t);
}

// What makes an item dead at this moment (snapshot taken once per operation).
struct Cache::Validity {
  int64_t now = 0;
  uint64_t flush_seq = 0;  // items with a smaller cas were flushed
  int64_t epoch = 0;       // what item times count from

  LookupResult check(const Item& item) const {
    if (item.cas() < flush_seq) return LookupResult::kFlushed;
    const uint32_t exptime = item.exptime();
    if (exptime != 0 && static_cast<int64_t>(exptime) <= now) return LookupResult::kExpired;
    return LookupResult::kHit;
  }
  // `now` as an item's time field holds it.
  uint32_t item_time() const { return to_item_time(now, epoch); }
};

// Segments emptied under a shard lock, unmapped/freed once the lock is dropped.
class FreeBatch {
 public:
  static constexpr std::size_t kCapacity = 256;
  FreeBatch() = default;
  FreeBatch(const FreeBatch&) = delete;
  FreeBatch& operator=(const FreeBatch&) = delete;
  ~FreeBatch() { release(); }

  /// Uncharges the segment now; its memory goes in release().
  void add(Segment* seg, MemoryBudget& budget);
  bool full() const { return n_ >= kCapacity - 1; }
  /// Charges released by add() so far.
  std::size_t released() const { return released_; }
  void release();
  void release(MemoryBudget&) { release(); }

 private:
  Segment* segs_[kCapacity];
  std::size_t n_ = 0;
  std::size_t released_ = 0;
  bool trim_ = false;
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
  SegmentQueue segments;           // oldest first; jumbo blocks join when linked
  Segment* active = nullptr;       // where small items are appended (also in `segments`)
  std::size_t reclaim_cursor = 0;  // where the background reclaimer resumes
  std::size_t ttl_items = 0;       // linked items with an exptime field (see may_hold_dead)
  MemoryBudget* budget = nullptr;  // set once by the Cache
  std::size_t segment_size = 0;
  bool evict_live = true;          // false with -M: only dead items may go
  int64_t epoch = 0;               // what item times count from

  ~Shard();

  // Finds `key`. A dead item is unlinked and reported as kExpired/kFlushed.
  std::size_t lookup(uint64_t hash, std::string_view key, const Validity& v, FreeBatch& dead,
                     LookupResult* result);
  // Makes room in the table for one more entry (growing it, evicting to pay for that);
  // false when it cannot.
  bool prepare_insert(const Validity& v, FreeBatch& dead);
  // Reserves `size` bytes at the end of the active segment for a new item, taking a new
  // segment or recycling old ones; nullptr when the shard has nothing left to recycle and
  // the budget has no room for a segment (memory must come from other shards).
  // Items may move meanwhile: look them up again afterwards.
  Item* alloc_small(std::size_t size, const Validity& v, FreeBatch& dead);
  // Gives back a reserved item that was not linked (the last one reserved, or a jumbo).
  void abandon(Item* item, FreeBatch& dead);
  // Adds an item for an absent key; false only if the table could not take it.
  bool link(uint64_t hash, Item* item);
  // Puts `item` in place of the one in `slot`, which dies. `new_version` false: a copy of
  // the same version (not counted in total_items).
  void replace(std::size_t slot, Item* item, FreeBatch& dead, bool new_version = true);
  // Marks a read of the slot's item as memcached's segmented LRU does: the first hit only
  // sets "fetched"; later hits also move its last-access time (mg l, me la, item age).
  void bump(std::size_t slot, int64_t now);
  // Removes the slot's item.
  void unlink(std::size_t slot, FreeBatch& dead);
  // Recycles the oldest segments until `need` charged bytes went back to the budget, the
  // batch is full, or nothing more can go. Returns the bytes released.
  std::size_t evict(std::size_t need, const Validity& v, FreeBatch& out);
  // Whether any linked item can be dead now: only an item with an exptime field expires,
  // and any item may have been flushed once a flush_all happened. The reclaimer skips a
  // shard that cannot: its sweep reads every item header (a cache miss each).
  bool may_hold_dead(const Validity& v) const { return ttl_items > 0 || v.flush_seq != 0; }
  // Scans up to `max_slots` slots from reclaim_cursor, unlinking up to `max_items` dead items.
  std::size_t reclaim(std::size_t max_slots, std::size_t max_items, const Validity& v,
                      FreeBatch& out);
  // Seconds since the oldest item was last used (0 when empty).
  int64_t tail_age(int64_t now) const;

 private:
  // One step of CLOCK over segments, on the oldest: dead, expired and flushed items go;
  // live items whose CLOCK counter is 0 are evicted (when evict_live), the others lose one
  // count and survive, copied into the active segment while it has room, then compacted
  // to the front of their own segment, which becomes the active one. Returns the segment
  // when it ended up empty (detached, still charged); `*progress` tells whether anything
  // was freed or any counter lowered.
  Segment* recycle_oldest(const Validity& v, FreeBatch& out, bool* progress);
  void recycle_jumbo(Segment* seg, const Validity& v, FreeBatch& out, bool* progress);
  // Decides one item of a recycled segment; returns its slot if it stays, else kNotFound.
  std::size_t judge(Item* item, const Validity& v, FreeBatch& out, bool* progress);
  void release_item(Item* item, FreeBatch& dead);
  void drop_segment(Segment* seg, FreeBatch& dead);
  void count_dead(const Item& item, LookupResult why);
  void count_eviction(const Item& item);
  void start_active(Segment* seg);

  Segment* recycling_ = nullptr;  // being recycled: not freed when its last item dies
};

}  // namespace ringcache::node
