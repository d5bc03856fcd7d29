// The meta protocol's storage operations (mg md ma, and me through meta_get). Their
// visitors run under the shard lock so that the reply shows the item exactly as the
// request left it: flags are handled in the request's order, and a TTL set by one flag
// is what a later flag reads (memcached works on the locked item the same way).
// Creating an item (mg N, ma N) allocates outside the lock and retries if the key
// appeared meanwhile.
#include <cstring>

#include "common/hash/key_hash.h"
#include "node/storage/decimal.h"
#include "node/storage/shard.h"

namespace ringcache::node {
namespace {

void init_item(Item* item, std::string_view key, std::string_view value) {
  std::memset(item, 0, sizeof(Item));
  item->key_len = static_cast<uint8_t>(key.size());
  item->value_len = static_cast<uint32_t>(value.size());
  std::memcpy(item->data(), key.data(), key.size());
  if (!value.empty()) std::memcpy(item->value_data(), value.data(), value.size());
}

}  // namespace

LookupResult Cache::meta_get(std::string_view key, const MetaGetOptions& options,
                             common::function_ref<void(MetaItem&)> visit) {
  const uint64_t hash = common::key_hash(key);
  Shard& s = shard_for(hash);
  Item* fresh = nullptr;  // mg N: the empty item to link on a miss
  // Bounded: the second round has `fresh`, so it links or finds the item.
  for (int round = 0; round < 2; ++round) {
    const Validity v = validity();
    FreeBatch dead;
    LookupResult result;
    bool want_fresh = false;
    {
      std::lock_guard lock(s.mu);
      std::size_t slot = s.lookup(hash, key, v, dead, &result);
      bool created = false;
      if (result != LookupResult::kHit && fresh != nullptr) {
        fresh->cas = next_cas();
        fresh->time = static_cast<uint32_t>(v.now);
        if (s.link(hash, fresh, budget_, options_.evict, v)) {
          slot = s.table.find(hash, key);
          result = LookupResult::kHit;
          created = true;
        } else {
          dead.add(fresh);
        }
        fresh = nullptr;
      }
      if (result == LookupResult::kHit) {
        Item& item = *s.table.item_at(slot);
        MetaItem view(item, visible_cas(item.cas), created);
        visit(view);
        if (!options.no_update) s.bump(slot, v.now);
      } else {
        want_fresh = options.vivify && round == 0;
      }
    }
    if (fresh != nullptr) dead.add(fresh);  // the key appeared meanwhile
    dead.release(budget_);
    if (!want_fresh) return result;
    fresh = alloc_item(s, key.size(), 0);
    if (fresh == nullptr) return result;
    init_item(fresh, key, {});
  }
  return LookupResult::kMiss;
}

DeleteResult Cache::meta_delete(std::string_view key, const MetaDeleteArgs& args) {
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
      Item& item = *s.table.item_at(slot);
      if (args.compare_cas && args.cas != visible_cas(item.cas)) {
        result = DeleteResult::kExists;
      } else if (args.invalidate) {
        // Kept and served as stale (X); the next reader wins the recache token again.
        if (args.exptime) item.exptime = clamp_exptime(*args.exptime);
        item.bits = static_cast<uint8_t>((item.bits | kItemStale) & ~kItemWinSent);
        item.cas = next_cas();
        result = DeleteResult::kDeleted;
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

Cache::Vivify Cache::vivify_number(std::string_view key, uint64_t hash, uint64_t initial,
                                   const ArithVisit& visit) {
  char digits[20];
  const std::size_t len = format_decimal(initial, digits);
  Shard& s = shard_for(hash);
  Item* item = alloc_item(s, key.size(), len);
  if (item == nullptr) return Vivify::kNoMemory;
  init_item(item, key, {digits, len});
  const Validity v = validity();
  FreeBatch dead;
  Vivify result = Vivify::kCreated;
  {
    std::lock_guard lock(s.mu);
    LookupResult found;
    s.lookup(hash, key, v, dead, &found);
    if (found == LookupResult::kHit) {
      result = Vivify::kExists;
      dead.add(item);
    } else {
      item->cas = next_cas();
      item->time = static_cast<uint32_t>(v.now);
      if (s.link(hash, item, budget_, options_.evict, v)) {
        MetaItem view(*item, visible_cas(item->cas), true);
        visit(view, initial);
      } else {
        result = Vivify::kNoMemory;
        dead.add(item);
      }
    }
  }
  dead.release(budget_);
  return result;
}

}  // namespace ringcache::node
