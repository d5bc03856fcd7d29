// Cache: the node's storage engine. Sharded hash table + CLOCK per shard, one memory budget
// (`-m`) that counts everything (item headers, keys, values, allocator overhead, hash slot
// arrays, shard structures), lazy expiry on read plus a background reclaimer. Results are
// enums, never protocol text.
//
// Locking: a key's shard is picked by the top bits of its hash; each shard has one mutex
// that guards its table, its CLOCK hand and its counters. No operation holds two shard
// locks. Values are copied into a new item before the lock is taken, and memory is freed
// after it is dropped, so critical sections are a lookup plus a few pointer writes.
//
// Eviction: CLOCK with a 2-bit counter kept in the hash slot (no LRU list, no pointers per
// item, nothing moves on a hit: a hit only raises the counter, written only when it
// changes). Segmented LRU would cost two pointers (16 B) per item and list surgery under
// the lock on bumps; S3-FIFO needs queues of pointers plus a ghost table. CLOCK keeps the
// per-item cost at the 8-byte slot the index needs anyway. New items start at 1, so every item survives at least one revolution of the
// hand; hits add up to 3 more. The hand evicts an item whose counter is 0, decrementing the
// others as it passes. When the budget is full, a store evicts from its own shard and, if
// that shard has nothing left to give, from the next ones.
//
// Memory: items are single malloc blocks (26-byte header + key + value) charged at their
// real glibc chunk size; see memory_budget.h for the allocator settings that keep RSS close
// to the charged total. The -I limit is checked with memcached 1.6's item arithmetic
// (48-byte header, +8 with CAS, key + 1, +4 when flags != 0, value + 2), so the same
// values are accepted or refused as by memcached, while the real item is smaller.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "common/util/clock.h"
#include "common/util/function_ref.h"
#include "node/storage/memory_budget.h"

namespace ringcache::node {

struct Item;

struct CacheOptions {
  std::size_t memory_limit = 64u << 20;   // -m, in bytes
  std::size_t item_size_max = 1u << 20;   // -I, in bytes (the whole item, as memcached)
  bool use_cas = true;                    // false with -C: cas values are always 0
  bool evict = true;                      // false with -M: kNoMemory instead of evicting
  unsigned shards = 0;                    // 0 = choose from the memory limit
};

// What a lookup sees. Valid only inside the visitor, which runs with the shard lock held:
// copy what you need (e.g. append the value to an output buffer) and return quickly.
struct ItemView {
  std::string_view key;
  std::string_view value;
  uint32_t flags = 0;
  uint64_t cas = 0;
  int64_t exptime = 0;      // absolute unix seconds; 0 = never
  int64_t last_access = 0;  // unix seconds of the access before this one
  bool fetched = false;     // had been read before this access
  bool stale = false;       // meta: marked stale by an invalidation
  bool win_sent = false;    // meta: a client already holds the recache token
};

enum class StoreMode : uint8_t { kSet, kAdd, kReplace, kAppend, kPrepend, kCas };

struct StoreArgs {
  StoreMode mode = StoreMode::kSet;
  std::string_view key;
  std::string_view value;
  uint32_t flags = 0;
  int64_t exptime = 0;  // absolute (see to_absolute_exptime); 0 = never
  uint64_t cas = 0;     // kCas: the value the client read
};

enum class StoreResult : uint8_t { kStored, kNotStored, kExists, kNotFound, kTooLarge, kNoMemory };
enum class LookupResult : uint8_t { kHit, kMiss, kExpired, kFlushed };
enum class DeleteResult : uint8_t { kDeleted, kNotFound, kExists };
enum class ArithResult : uint8_t { kOk, kNotFound, kNonNumeric, kExists, kNoMemory };
enum class TouchResult : uint8_t { kTouched, kNotFound };

struct CacheStats {
  uint64_t curr_items = 0;
  uint64_t total_items = 0;       // items ever stored
  uint64_t bytes = 0;             // header + key + value of stored items (as memcached's ITEM_ntotal)
  uint64_t memory_used = 0;       // everything charged against the limit
  uint64_t limit_maxbytes = 0;
  uint64_t evictions = 0;
  uint64_t evicted_unfetched = 0;
  uint64_t evicted_active = 0;
  uint64_t reclaimed = 0;         // expired or flushed items freed (sweep, reclaimer or read)
  uint64_t expired_unfetched = 0;
  uint64_t hash_bytes = 0;        // hash slot arrays, as charged
  uint64_t hash_power_level = 0;
  uint64_t oldest_item_age = 0;   // seconds, for `stats items` "age"
};

// memcached's realtime(): 0 = never; negative = already expired; up to 30 days =
// relative to `now`; larger = absolute unix time. Returns 0 or an absolute time
// (an already-expired item gets a time <= now).
int64_t to_absolute_exptime(int64_t exptime, int64_t now);

class Cache {
 public:
  Cache(const CacheOptions& options, const common::Clock& clock);
  ~Cache();
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  // On a live hit calls visit(item) under the shard lock. `new_exptime` (gat) replaces
  // the item's exptime first (absolute, 0 = never).
  LookupResult get(std::string_view key, common::function_ref<void(const ItemView&)> visit,
                   std::optional<int64_t> new_exptime = std::nullopt);
  StoreResult store(const StoreArgs& args, uint64_t* cas_out = nullptr);
  DeleteResult remove(std::string_view key, uint64_t cas = 0);
  // incr wraps at 2^64, decr floors at 0 (memcached). `value_out` gets the new value.
  ArithResult arith(std::string_view key, bool incr, uint64_t delta, uint64_t* value_out,
                    uint64_t* cas_out = nullptr, uint64_t cas = 0);
  TouchResult touch(std::string_view key, int64_t exptime);
  // Invalidates every item stored at or before `when` once `when` has come. `when` is an
  // absolute unix time (to_absolute_exptime(delay, now)); 0 or <= now = every item stored
  // so far, at once. A later flush replaces a pending delayed one, as in memcached.
  void flush_all(int64_t when);
  // One step of the background reclaimer: frees up to `budget` expired items.
  std::size_t reclaim_expired(std::size_t budget);
  // Whether an item of this key and value size could ever be stored (memcached's item_size_ok:
  // 48 + 8 (cas) + key + 1 + (flags ? 4 : 0) + value + 2 <= item_size_max).
  bool item_size_ok(std::size_t key_len, std::size_t value_len, uint32_t flags = 0) const;

  CacheStats stats() const;
  void reset_stats();
  const CacheOptions& options() const { return options_; }

 private:
  class Shard;
  struct Validity;
  struct Fresh;

  Shard& shard_for(uint64_t hash) const;
  Validity validity() const;
  void settle_flush(int64_t now) const;
  uint64_t next_cas() { return next_cas_.fetch_add(1, std::memory_order_relaxed) + 1; }
  uint64_t visible_cas(uint64_t cas) const { return options_.use_cas ? cas : 0; }
  // Allocates an item block, evicting (own shard first, then the others) if needed.
  Item* alloc_item(const Shard& home, std::size_t key_len, std::size_t value_len);
  std::size_t make_room(Shard& shard, std::size_t need);
  StoreResult store_concat(const StoreArgs& args, uint64_t hash, uint64_t* cas_out);

  CacheOptions options_;
  const common::Clock& clock_;
  MemoryBudget budget_;
  std::unique_ptr<Shard[]> shards_;
  unsigned shard_count_ = 0;
  std::size_t fixed_charge_ = 0;  // shard structures, charged for the cache's lifetime
  std::atomic<uint64_t> next_cas_{0};
  std::atomic<unsigned> reclaim_shard_{0};
  // flush_all state: items with cas < flush_seq_ are gone; a delayed flush waits in
  // flush_pending_ until an operation sees its time has come (settle_flush).
  mutable std::mutex flush_mu_;
  mutable std::atomic<uint64_t> flush_seq_{0};
  mutable std::atomic<int64_t> flush_pending_{0};
};

}  // namespace ringcache::node
