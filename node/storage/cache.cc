#include "node/storage/cache.h"

#include <algorithm>
#include <bit>
#include <new>

#include "common/hash/key_hash.h"
#include "node/storage/segment.h"
#include "node/storage/shard.h"

namespace ringcache::node {
namespace {

constexpr int64_t kMaxRelativeExptime = 60 * 60 * 24 * 30;  // memcached's REALTIME_MAXDELTA
// One shard per 4 MiB of -m: every shard keeps a partly written active segment (half a
// segment on average, ~1.5% of -m at 2 MiB per shard), and 16 shards at -m 64 still
// leave lock contention rare at 4 threads.
constexpr std::size_t kShardMemoryUnit = 4u << 20;
constexpr unsigned kMaxShards = 1024;
constexpr std::size_t kMaxKeyLen = 250;
// memcached 1.6 item arithmetic for -I: sizeof(item), and the CAS field.
constexpr std::size_t kMemcachedHeader = 48;
constexpr std::size_t kMemcachedCas = 8;

unsigned choose_shards(const CacheOptions& o) {
  unsigned n = o.shards;
  if (n == 0) {
    const std::size_t by_memory = o.memory_limit / kShardMemoryUnit;
    n = static_cast<unsigned>(std::clamp<std::size_t>(by_memory, 4, kMaxShards));
  }
  return std::bit_ceil(std::clamp(n, 1u, kMaxShards));
}

}  // namespace

int64_t to_absolute_exptime(int64_t exptime, int64_t now) {
  if (exptime == 0) return 0;
  if (exptime < 0) return 1;  // already expired, as memcached's realtime() hack
  if (exptime <= kMaxRelativeExptime) return now + exptime;
  return exptime;  // absolute; in the past means expired
}

Cache::Cache(const CacheOptions& options, const common::Clock& clock)
    : options_(options), clock_(clock), budget_(options.memory_limit) {
  configure_allocator();
  shard_count_ = choose_shards(options);
  segment_size_ = segment_size_for(options.memory_limit);
  jumbo_size_ = segment_size_ / 8;
  epoch_ = clock.now() - (int64_t{1} << 30);  // room for clocks that step back
  shards_ = std::make_unique<Shard[]>(shard_count_);
  fixed_charge_ = predicted_charge(sizeof(Shard) * shard_count_);
  budget_.force_charge(fixed_charge_);
  for (unsigned i = 0; i < shard_count_; ++i) {
    shards_[i].budget = &budget_;
    shards_[i].segment_size = segment_size_;
    shards_[i].evict_live = options.evict;
    shards_[i].epoch = epoch_;
    if (!shards_[i].table.init(budget_, HashTable::kMinCapacity)) {
      // A budget too small even for empty tables: charge them anyway; nothing will fit.
      MemoryBudget unlimited(~std::size_t{0});
      if (!shards_[i].table.init(unlimited, HashTable::kMinCapacity)) throw std::bad_alloc();
      budget_.force_charge(unlimited.used());
    }
  }
}

Cache::~Cache() {
  // The shards free their segments when destroyed.
  for (unsigned i = 0; i < shard_count_; ++i) shards_[i].table.destroy(budget_);
}

Cache::Shard& Cache::shard_for(uint64_t hash) const {
  // Top 32 hash bits scaled to the shard count; the table uses the low bits.
  return shards_[((hash >> 32) * shard_count_) >> 32];
}

Cache::Validity Cache::validity() const {
  Validity v;
  v.now = clock_.now();
  const int64_t pending = flush_pending_.load(std::memory_order_relaxed);
  if (pending != 0 && pending <= v.now) settle_flush(v.now);
  v.flush_seq = flush_seq_.load(std::memory_order_relaxed);
  v.epoch = epoch_;
  return v;
}

// A delayed flush becomes an ordinary one (by CAS order) the first time an operation sees
// that its time has come: everything stored until then goes, later stores stay.
void Cache::settle_flush(int64_t now) const {
  std::lock_guard lock(flush_mu_);
  const int64_t pending = flush_pending_.load(std::memory_order_relaxed);
  if (pending == 0 || pending > now) return;
  flush_seq_.store(next_cas_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  flush_pending_.store(0, std::memory_order_relaxed);
}

bool Cache::item_size_ok(std::size_t key_len, std::size_t value_len, uint32_t flags) const {
  if (key_len == 0 || key_len > kMaxKeyLen) return false;
  const std::size_t memcached_total = kMemcachedHeader + (options_.use_cas ? kMemcachedCas : 0) +
                                      key_len + 1 + (flags != 0 ? 4 : 0) + value_len + 2;
  return memcached_total <= options_.item_size_max;
}

Item* Cache::place(Shard& s, std::unique_lock<std::mutex>& lock, std::string_view key,
                   std::size_t value_len, uint32_t flags, uint8_t fields, FreeBatch& dead) {
  // With -M a full cache cannot make room to copy an item, so every item keeps a TTL field:
  // touch, gat and mg T then never need memory (cache_rewrite.cc).
  if (!options_.evict) fields |= kFieldExptime;
  const std::size_t size = item_total_size(key.size(), value_len, flags, fields);
  if (size > jumbo_size_) {
    lock.unlock();
    dead.release();
    Item* item = alloc_jumbo(s, size);
    lock.lock();
    if (item == nullptr) return nullptr;
    init_item(item, key, value_len, flags, fields, kItemJumbo);
    if (!s.prepare_insert(validity(), dead)) {
      s.abandon(item, dead);
      return nullptr;
    }
    return item;
  }
  // Never fits (the fixed structures stay): refuse without emptying the cache for it.
  if (segment_size_ + fixed_charge_ > budget_.limit()) return nullptr;
  // Bounded: each round recycles this shard or frees memory in the others.
  for (int round = 0; round < 64; ++round) {
    const Validity v = validity();
    if (!s.prepare_insert(v, dead)) return nullptr;
    if (Item* item = s.alloc_small(size, v, dead)) {
      return init_item(item, key, value_len, flags, fields);
    }
    lock.unlock();
    dead.release();
    const bool got = borrow(s, segment_size_);
    lock.lock();
    if (!got) return nullptr;
  }
  return nullptr;
}

Item* Cache::alloc_jumbo(const Shard& home, std::size_t size) {
  const std::size_t need = predicted_charge(sizeof(Segment) + size);
  if (need + fixed_charge_ > budget_.limit()) return nullptr;
  // Bounded: each round either frees memory or moves to another shard.
  for (int round = 0; round < 64; ++round) {
    std::size_t charge = need;
    if (Segment* seg = new_jumbo(budget_, size, &charge)) return reinterpret_cast<Item*>(seg->data());
    if (!borrow(home, charge)) return nullptr;
  }
  return nullptr;
}

bool Cache::borrow(const Shard& home, std::size_t need) {
  unsigned index = static_cast<unsigned>(&home - shards_.get());
  unsigned dry = 0;  // consecutive shards that gave nothing
  // Bounded: each round either frees memory or moves to another shard.
  for (unsigned round = 0; round < (1u << 20); ++round) {
    const std::size_t missing = budget_.shortfall(need);
    if (missing == 0) return true;
    if (make_room(shards_[index], missing) > 0) {
      dry = 0;
      continue;
    }
    if (++dry >= shard_count_) return false;
    index = (index + 1) % shard_count_;
  }
  return false;
}

std::size_t Cache::make_room(Shard& shard, std::size_t need) {
  if (need == 0) return 1;  // another thread freed memory meanwhile: just retry
  FreeBatch batch;
  std::size_t freed = 0;
  {
    std::lock_guard lock(shard.mu);
    freed = shard.evict(need, validity(), batch);
  }
  batch.release(budget_);
  return freed;
}

LookupResult Cache::get(std::string_view key, common::function_ref<void(const ItemView&)> visit,
                        std::optional<int64_t> new_exptime) {
  const uint64_t hash = common::key_hash(key);
  Shard& s = shard_for(hash);
  const Validity v = validity();
  FreeBatch dead;
  LookupResult result;
  {
    std::unique_lock lock(s.mu);
    std::size_t slot = s.lookup(hash, key, v, dead, &result);
    if (result == LookupResult::kHit && new_exptime) {
      slot = retime(s, lock, hash, key, slot, clamp_exptime(*new_exptime), dead);
      if (slot == HashTable::kNotFound) result = LookupResult::kMiss;
    }
    if (result == LookupResult::kHit) {
      Item& item = *s.table.item_at(slot);
      ItemView view;
      view.key = item.key();
      view.value = item.value();
      view.flags = item.flags();
      view.cas = visible_cas(item.cas());
      view.exptime = item.exptime();
      view.last_access = epoch_ + item.time();
      view.fetched = item.has(kItemFetched);
      view.stale = item.has(kItemStale);
      view.win_sent = item.has(kItemWinSent);
      s.bump(slot, v.now);
      visit(view);
    }
  }
  dead.release(budget_);
  return result;
}

DeleteResult Cache::remove(std::string_view key, uint64_t cas) {
  const uint64_t hash = common::key_hash(key);
  Shard& s = shard_for(hash);
  const Validity v = validity();
  FreeBatch dead;
  DeleteResult result = DeleteResult::kNotFound;
  {
    std::lock_guard lock(s.mu);
    LookupResult found;
    const std::size_t slot = s.lookup(hash, key, v, dead, &found);
    if (found == LookupResult::kHit) {
      if (cas != 0 && cas != visible_cas(s.table.item_at(slot)->cas())) {
        result = DeleteResult::kExists;
      } else {
        s.unlink(slot, dead);
        result = DeleteResult::kDeleted;
      }
    }
  }
  dead.release(budget_);
  return result;
}

TouchResult Cache::touch(std::string_view key, int64_t exptime) {
  const uint64_t hash = common::key_hash(key);
  Shard& s = shard_for(hash);
  const Validity v = validity();
  FreeBatch dead;
  TouchResult result = TouchResult::kNotFound;
  {
    std::unique_lock lock(s.mu);
    LookupResult found;
    std::size_t slot = s.lookup(hash, key, v, dead, &found);
    if (found == LookupResult::kHit) {
      // As memcached: a touch is an access (fetched, bumped) and keeps the CAS value.
      slot = retime(s, lock, hash, key, slot, clamp_exptime(exptime), dead);
      if (slot != HashTable::kNotFound) {
        s.bump(slot, v.now);
        result = TouchResult::kTouched;
      }
    }
  }
  dead.release(budget_);
  return result;
}

void Cache::flush_all(int64_t when) {
  if (when > clock_.now()) {
    std::lock_guard lock(flush_mu_);
    flush_pending_.store(when, std::memory_order_relaxed);  // replaces a pending one
    return;
  }
  std::lock_guard lock(flush_mu_);
  // Everything stored so far, by CAS order: a store later in this same second survives.
  flush_seq_.store(next_cas_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  flush_pending_.store(0, std::memory_order_relaxed);  // memcached: the newest flush wins
}

std::size_t Cache::reclaim_expired(std::size_t budget) {
  constexpr std::size_t kSlotsPerLock = 256;  // bounds each critical section
  std::size_t freed = 0;
  const Validity v = validity();
  for (unsigned visited = 0; visited < shard_count_ && freed < budget; ++visited) {
    Shard& s = shards_[reclaim_shard_.fetch_add(1, std::memory_order_relaxed) % shard_count_];
    std::size_t slots = 0;
    std::size_t capacity = 1;
    while (slots < capacity && freed < budget) {
      FreeBatch batch;
      {
        std::lock_guard lock(s.mu);
        if (!s.may_hold_dead(v)) break;
        capacity = s.table.capacity();
        freed += s.reclaim(kSlotsPerLock, budget - freed, v, batch);
      }
      batch.release(budget_);
      slots += kSlotsPerLock;
    }
  }
  return freed;
}

CacheStats Cache::stats() const {
  CacheStats out;
  const int64_t now = clock_.now();
  std::size_t slots = 0;
  for (unsigned i = 0; i < shard_count_; ++i) {
    Shard& s = shards_[i];
    std::lock_guard lock(s.mu);
    out.curr_items += s.stats.curr_items;
    out.total_items += s.stats.total_items;
    out.bytes += s.stats.bytes;
    out.evictions += s.stats.evictions;
    out.evicted_unfetched += s.stats.evicted_unfetched;
    out.evicted_active += s.stats.evicted_active;
    out.reclaimed += s.stats.reclaimed;
    out.expired_unfetched += s.stats.expired_unfetched;
    out.hash_bytes += s.table.charge();
    slots += s.table.capacity();
    out.oldest_item_age =
        std::max<uint64_t>(out.oldest_item_age, static_cast<uint64_t>(s.tail_age(now)));
  }
  out.memory_used = budget_.used();
  out.limit_maxbytes = options_.memory_limit;
  out.hash_power_level = static_cast<uint64_t>(std::bit_width(slots) - 1);
  return out;
}

void Cache::reset_stats() {
  for (unsigned i = 0; i < shard_count_; ++i) {
    Shard& s = shards_[i];
    std::lock_guard lock(s.mu);
    s.stats.total_items = 0;
    s.stats.evictions = 0;
    s.stats.evicted_unfetched = 0;
    s.stats.evicted_active = 0;
    s.stats.reclaimed = 0;
    s.stats.expired_unfetched = 0;
  }
}

}  // namespace ringcache::node
