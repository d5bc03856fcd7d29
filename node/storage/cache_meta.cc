// The meta protocol's storage operations (mg md ma, and me through meta_get). Their
// visitors run under the shard lock so that the reply shows the item exactly as the
// request left it: flags are handled in the request's order, and a TTL set by one flag
// is what a later flag reads (memcached works on the locked item the same way).
// Creating an item (mg N, ma N) places it (which may drop the lock), then looks again
// in case the key appeared meanwhile.
#include <cstring>

#include "common/hash/key_hash.h"
#include "node/storage/decimal.h"
#include "node/storage/shard.h"

namespace ringcache::node {

LookupResult Cache::meta_get(std::string_view key, const MetaGetOptions& options,
                             common::function_ref<void(MetaItem&)> visit) {
  const uint64_t hash = common::key_hash(key);
  Shard& s = shard_for(hash);
  FreeBatch dead;
  std::unique_lock lock(s.mu);
  Validity v = validity();
  LookupResult result;
  std::size_t slot = s.lookup(hash, key, v, dead, &result);
  bool created = false;
  if (result != LookupResult::kHit && options.vivify) {
    // mg N: an empty item for the key, unless it appears while this one is placed.
    // With room for the TTL that N usually brings.
    Item* fresh = place(s, lock, key, 0, 0, kFieldExptime, dead);
    if (fresh == nullptr) return result;
    v = validity();
    LookupResult again;
    slot = s.lookup(hash, key, v, dead, &again);
    if (again == LookupResult::kHit) {
      s.abandon(fresh, dead);
      result = again;
    } else {
      fresh->set_cas(next_cas());
      fresh->set_time(v.item_time());
      if (!s.link(hash, fresh)) {
        s.abandon(fresh, dead);
        return result;
      }
      slot = s.table.find(hash, key);
      result = LookupResult::kHit;
      created = true;
    }
  }
  if (result == LookupResult::kHit) {
    Item& item = *s.table.item_at(slot);
    MetaItem view(item, visible_cas(item.cas()), created,
                  epoch_ + item.time());
    visit(view);
    if (!options.no_update) s.bump(slot, v.now);
    // A TTL the item had no field for (T on an item stored without one).
    if (view.exptime_pending()) retime(s, lock, hash, key, slot, view.pending_exptime(), dead);
  }
  return result;
}

DeleteResult Cache::meta_delete(std::string_view key, const MetaDeleteArgs& args) {
  const uint64_t hash = common::key_hash(key);
  Shard& s = shard_for(hash);
  const Validity v = validity();
  FreeBatch dead;
  DeleteResult result = DeleteResult::kNotFound;
  {
    std::unique_lock lock(s.mu);
    LookupResult found;
    std::size_t slot = s.lookup(hash, key, v, dead, &found);
    if (found == LookupResult::kHit) {
      const Item& item = *s.table.item_at(slot);
      if (args.compare_cas && args.cas != visible_cas(item.cas())) {
        result = DeleteResult::kExists;
      } else if (args.invalidate) {
        slot = invalidate(s, lock, hash, key, slot, args.exptime, dead);
        result = slot != HashTable::kNotFound ? DeleteResult::kDeleted : DeleteResult::kNotFound;
      } else {
        s.unlink(slot, dead);
        result = DeleteResult::kDeleted;
      }
    }
  }
  dead.release(budget_);
  return result;
}

MetaArithOutcome Cache::meta_arith(std::string_view key, const MetaArithArgs& args,
                                   common::function_ref<void(MetaItem&, uint64_t)> visit) {
  const uint64_t hash = common::key_hash(key);
  MetaArithOutcome out;
  // Bounded: each round either settles or lost a race to another creator of the key.
  for (int round = 0; round < 8; ++round) {
    out.result = arith_impl(key, args.incr, args.delta, args.cas, nullptr, nullptr, &visit);
    if (out.result != ArithResult::kNotFound || !args.vivify) return out;
    switch (vivify_number(key, hash, args.initial, visit)) {
      case Vivify::kCreated:
        out.result = ArithResult::kOk;
        return out;
      case Vivify::kNoMemory:
        out.result = ArithResult::kNoMemory;
        out.vivify_failed = true;
        return out;
      case Vivify::kExists:
        break;
    }
  }
  out.result = ArithResult::kNoMemory;
  return out;
}

std::size_t Cache::invalidate(Shard& s, std::unique_lock<std::mutex>& lock, uint64_t hash,
                              std::string_view key, std::size_t slot,
                              std::optional<int64_t> exptime, FreeBatch& dead) {
  if (exptime) {
    slot = retime(s, lock, hash, key, slot, clamp_exptime(*exptime), dead);
    if (slot == HashTable::kNotFound) return slot;
  }
  // Kept and served as stale (X); the next reader wins the recache token again.
  Item& item = *s.table.item_at(slot);
  item.set_state(static_cast<uint8_t>((item.state() | kItemStale) & ~kItemWinSent));
  item.set_cas(next_cas());
  return slot;
}

Cache::Vivify Cache::vivify_number(std::string_view key, uint64_t hash, uint64_t initial,
                                   const ArithVisit& visit) {
  char digits[20];
  const std::size_t len = format_decimal(initial, digits);
  Shard& s = shard_for(hash);
  FreeBatch dead;
  std::unique_lock lock(s.mu);
  Item* item = place(s, lock, key, len, 0, kFieldExptime, dead);  // ma N T: room for a TTL
  if (item == nullptr) return Vivify::kNoMemory;
  std::memcpy(item->value_data(), digits, len);
  const Validity v = validity();
  LookupResult found;
  s.lookup(hash, key, v, dead, &found);
  if (found == LookupResult::kHit) {
    s.abandon(item, dead);
    return Vivify::kExists;
  }
  item->set_cas(next_cas());
  item->set_time(v.item_time());
  if (!s.link(hash, item)) {
    s.abandon(item, dead);
    return Vivify::kNoMemory;
  }
  MetaItem view(*item, visible_cas(item->cas()), true, v.now);
  visit(view, initial);
  return Vivify::kCreated;
}

}  // namespace ringcache::node
