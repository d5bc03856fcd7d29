// Cache: the node's storage engine. Sharded hash table + segment FIFO with CLOCK per shard,
// one memory budget (`-m`) that counts everything (segments, jumbo blocks, hash slot
// arrays, shard structures), lazy expiry on read plus a background reclaimer. Results are
// enums, never protocol text.
//
// Locking: a key's shard is picked by the top bits of its hash; each shard has one mutex
// that guards its table, its segments and its counters. No operation holds two shard
// locks: memory taken from other shards is freed with the own lock dropped (Cache::place).
// Values are copied into their place under the lock (one memcpy), and unmapping happens
// after it is dropped.
//
// Design (why segments): the previous engine made one malloc per item. glibc adds an
// 8-byte chunk header and rounds to 16 bytes, and the header was 26 bytes: a 10-byte key
// and a 100-byte value cost 144 bytes + the hash slot (64-71% of -m held payload, memcached
// 62%). Items are now appended back to back into per-shard segments (segment.h; as
// Twitter's Segcache / pelikan `seg`), with a 12-byte header + varint length (item.h), so
// a small item costs its bytes plus ~9.5 bytes of hash slot (hash_table.h). Slab classes
// would keep rounding and need rebalancing between classes; a log of segments has neither.
// An item stores no exptime unless it has one; an operation that gives it one later
// (touch, gat, mg T, md I T) rewrites it (cache_rewrite.cc). An 11-byte key and a 100-byte
// value take 124 bytes + slot (~82% of -m holds payload; memcached 58%). The CAS stays per
// item: deriving it from the item's place would save 6 more bytes (~85%) but give up
// memcached's CAS sequence (1, 2, 3 ...), which the exec tests compare byte for byte.

// Eviction: CLOCK over segments. A 2-bit counter per item lives in its hash slot (a hit
// raises it, written only when it changes; nothing moves on a hit). When a shard needs room
// and the budget has no free segment, it recycles its oldest segment: dead, expired and
// flushed items go, items with counter 0 are evicted, the others lose one count and are
// compacted (copied into the active segment, or to the front of their own segment, which
// then takes new items). So a new item survives at least one pass of the FIFO and each hit
// buys one more (FIFO-reinsertion, which tracks LRU's hit ratio closely without any list
// pointers per item). An emptied segment is reused or returned to the budget; when a shard
// has nothing left to recycle it frees segments of the next shards.
//
// Memory: regular segments are mmap'd and charged their size; items over an eighth of a
// segment get a malloc block of their own (a "jumbo" segment, charged at its real glibc
// chunk size; see memory_budget.h for the allocator settings that keep RSS close to the
// charged total). The -I limit is checked with memcached 1.6's item arithmetic (48-byte
// header, +8 with CAS, key + 1, +4 when flags != 0, value + 2), so the same values are
// accepted or refused as by memcached, while the real item is smaller.
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
#include "node/storage/meta_item.h"

namespace ringcache::node {

struct Item;
class FreeBatch;

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
  // Unix seconds of the last store or bump before this access. As in memcached, the
  // first read of an item only marks it fetched; later reads move this time.
  int64_t last_access = 0;
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
  // Meta (ms I): with kCas, a compare value older than the item's stores the value
  // anyway, marked stale, keeping the old TTL and recache token (memcached's CAS_STALE).
  bool invalidate = false;
  bool key_binary = false;  // meta (ms b): the key came base64 encoded
};

enum class StoreResult : uint8_t { kStored, kNotStored, kExists, kNotFound, kTooLarge, kNoMemory };
enum class LookupResult : uint8_t { kHit, kMiss, kExpired, kFlushed };
enum class DeleteResult : uint8_t { kDeleted, kNotFound, kExists };
enum class ArithResult : uint8_t { kOk, kNotFound, kNonNumeric, kExists, kNoMemory };
enum class TouchResult : uint8_t { kTouched, kNotFound };

// Meta get (mg, me): how to look the item up.
struct MetaGetOptions {
  bool no_update = false;  // u (and me): no bump, the item stays unfetched
  bool vivify = false;     // N: on a miss, create an empty item and visit it
};

// Meta delete (md).
struct MetaDeleteArgs {
  bool compare_cas = false;  // C given (even C0, which then only matches with -C)
  uint64_t cas = 0;
  bool invalidate = false;   // I: mark stale, new CAS, token back up for grabs
  std::optional<int64_t> exptime;  // T with I: new absolute exptime
};

// Meta arithmetic (ma).
struct MetaArithArgs {
  bool incr = true;
  uint64_t delta = 1;
  uint64_t cas = 0;       // C: compare value; 0 = none
  bool vivify = false;    // N: on a miss, create the item holding `initial`
  uint64_t initial = 0;   // J
};

struct MetaArithOutcome {
  ArithResult result = ArithResult::kNotFound;
  bool vivify_failed = false;  // N could not allocate the new item (result kNoMemory)
};

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

  // Meta protocol (cache_meta.cc). Visitors run under the shard lock, once, and only
  // for a live (or just created) item.
  // mg/me: visits the item, then bumps it unless no_update. A vivified item counts as a
  // hit (kHit) and is visited with created() true.
  LookupResult meta_get(std::string_view key, const MetaGetOptions& options,
                        common::function_ref<void(MetaItem&)> visit);
  // md: delete, or with invalidate mark stale. kExists when the compare value differs.
  DeleteResult meta_delete(std::string_view key, const MetaDeleteArgs& args);
  // ma: on success visits the item and the new number (or `initial` when vivified).
  MetaArithOutcome meta_arith(std::string_view key, const MetaArithArgs& args,
                              common::function_ref<void(MetaItem&, uint64_t)> visit);
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
  // md I: marks the slot's item stale with a new CAS (and TTL); the slot it ends up in,
  // or kNotFound when it went away.
  std::size_t invalidate(Shard& s, std::unique_lock<std::mutex>& lock, uint64_t hash,
                         std::string_view key, std::size_t slot, std::optional<int64_t> exptime,
                         FreeBatch& dead);
  uint64_t visible_cas(uint64_t cas) const { return options_.use_cas ? cas : 0; }
  // Reserves a new item in `s`, whose lock `lock` holds, and writes its header and key.
  // The lock may be dropped meanwhile (to malloc a jumbo block, or to take memory from
  // other shards) and items may move: look them up again afterwards. nullptr: no memory.
  // An item that is not linked in the end goes back with Shard::abandon.
  // `fields`: the optional fields (ItemFields) besides flags.
  Item* place(Shard& s, std::unique_lock<std::mutex>& lock, std::string_view key,
              std::size_t value_len, uint32_t flags, uint8_t fields, FreeBatch& dead);
  // Rewrites the slot's item as a copy with `fields` (ItemFields), keeping its
  // CAS, value and state, so that they can then change in place (cache_rewrite.cc). Returns
  // the slot of the copy; the original's when no memory could be had (the item is then
  // unchanged), kNotFound when the item went away meanwhile. May drop the lock.
  std::size_t rewrite(Shard& s, std::unique_lock<std::mutex>& lock, uint64_t hash,
                      std::string_view key, std::size_t slot, uint8_t fields, FreeBatch& dead);
  // Sets the slot's item's exptime, rewriting it first when it has no field for it.
  // The slot it ends up in, or kNotFound (as rewrite).
  std::size_t retime(Shard& s, std::unique_lock<std::mutex>& lock, uint64_t hash,
                     std::string_view key, std::size_t slot, uint32_t exptime, FreeBatch& dead);
  Item* alloc_jumbo(const Shard& home, std::size_t size);
  // Frees memory in other shards until `need` more bytes fit in the budget.
  bool borrow(const Shard& home, std::size_t need);
  std::size_t make_room(Shard& shard, std::size_t need);
  StoreResult store_concat(const StoreArgs& args, uint64_t hash, uint64_t* cas_out);
  using ArithVisit = common::function_ref<void(MetaItem&, uint64_t)>;
  ArithResult arith_impl(std::string_view key, bool incr, uint64_t delta, uint64_t cas,
                         uint64_t* value_out, uint64_t* cas_out, const ArithVisit* visit);
  // ma N: links a new item holding `initial` unless the key appeared meanwhile.
  enum class Vivify : uint8_t { kCreated, kExists, kNoMemory };
  Vivify vivify_number(std::string_view key, uint64_t hash, uint64_t initial,
                       const ArithVisit& visit);

  CacheOptions options_;
  const common::Clock& clock_;
  MemoryBudget budget_;
  std::unique_ptr<Shard[]> shards_;
  unsigned shard_count_ = 0;
  std::size_t fixed_charge_ = 0;  // shard structures, charged for the cache's lifetime
  std::size_t segment_size_ = 0;
  std::size_t jumbo_size_ = 0;    // items above this size get a block of their own
  int64_t epoch_ = 0;             // item times are seconds since this
  std::atomic<uint64_t> next_cas_{0};
  std::atomic<unsigned> reclaim_shard_{0};
  // flush_all state: items with cas < flush_seq_ are gone; a delayed flush waits in
  // flush_pending_ until an operation sees its time has come (settle_flush).
  mutable std::mutex flush_mu_;
  mutable std::atomic<uint64_t> flush_seq_{0};
  mutable std::atomic<int64_t> flush_pending_{0};
};

}  // namespace ringcache::node
