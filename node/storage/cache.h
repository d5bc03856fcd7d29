// Cache: the node's storage engine. Sharded hash table + LRU per shard, one memory budget
// (`-m`) that counts everything (item headers, keys, values, hash buckets), lazy expiry on
// read plus a background reclaimer. Results are enums, never protocol text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "common/util/clock.h"
#include "common/util/function_ref.h"

namespace ringcache::node {

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
  uint64_t bytes = 0;             // key + value bytes of live items (memcached's "bytes")
  uint64_t memory_used = 0;       // everything charged against the limit
  uint64_t limit_maxbytes = 0;
  uint64_t evictions = 0;
  uint64_t evicted_unfetched = 0;
  uint64_t evicted_active = 0;
  uint64_t reclaimed = 0;         // expired items whose memory was reused
  uint64_t expired_unfetched = 0;
  uint64_t hash_bytes = 0;        // bucket arrays
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
  // Invalidates every item stored at or before `when` once `when` has come (0 = now).
  void flush_all(int64_t when);
  // One step of the background reclaimer: frees up to `budget` expired items.
  std::size_t reclaim_expired(std::size_t budget);
  // Whether an item of this key and value size could ever be stored (memcached's item_size_ok).
  bool item_size_ok(std::size_t key_len, std::size_t value_len) const;

  CacheStats stats() const;
  void reset_stats();
  const CacheOptions& options() const { return options_; }

 private:
  class Shard;
  CacheOptions options_;
  const common::Clock& clock_;
  std::unique_ptr<Shard[]> shards_;
  unsigned shard_count_ = 0;
};

}  // namespace ringcache::node
