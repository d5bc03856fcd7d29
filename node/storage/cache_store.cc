// Cache::store: the new item is reserved in its shard (Cache::place) and filled under the
// shard lock, then linked; a store that is refused gives the space back at once.
// append/prepend need the old value, so they size the new item from a first look, build
// it, and retry if the item changed in between.
#include <cstring>

#include "common/hash/key_hash.h"
#include "node/storage/shard.h"

namespace ringcache::node {
namespace {

// Decides whether a set/add/replace/cas goes ahead, given what the table holds. `stale`
// is set when an invalidating cas (ms I) older than the item's is let through.
StoreResult admit(const StoreArgs& args, const Item* old, uint64_t old_cas, bool* stale) {
  switch (args.mode) {
    case StoreMode::kAdd:
      return old != nullptr ? StoreResult::kNotStored : StoreResult::kStored;
    case StoreMode::kReplace:
      return old == nullptr ? StoreResult::kNotStored : StoreResult::kStored;
    case StoreMode::kCas:
      if (old == nullptr) return StoreResult::kNotFound;
      // Unique values start at 1; 0 means CAS is off (-C), where memcached never matches.
      if (old_cas != 0 && old_cas == args.cas) return StoreResult::kStored;
      if (args.invalidate && args.cas != 0 && args.cas < old_cas) {
        *stale = true;
        return StoreResult::kStored;
      }
      return StoreResult::kExists;
    default:
      return StoreResult::kStored;
  }
}

}  // namespace

StoreResult Cache::store(const StoreArgs& args, uint64_t* cas_out) {
  if (!item_size_ok(args.key.size(), args.value.size(), args.flags)) return StoreResult::kTooLarge;
  const uint64_t hash = common::key_hash(args.key);
  if (args.mode == StoreMode::kAppend || args.mode == StoreMode::kPrepend) {
    return store_concat(args, hash, cas_out);
  }
  Shard& s = shard_for(hash);
  FreeBatch dead;
  StoreResult result;
  {
    std::unique_lock lock(s.mu);
    // An invalidating cas (ms I) may keep the old item's TTL: give it room for one.
    const uint32_t exptime = clamp_exptime(args.exptime);
    const uint8_t fields = fields_for(exptime, args.invalidate ? kFieldExptime : 0);
    Item* item = place(s, lock, args.key, args.value.size(), args.flags, fields, dead);
    if (item == nullptr) return StoreResult::kNoMemory;
    item->set_exptime(exptime);
    std::memcpy(item->value_data(), args.value.data(), args.value.size());
    const Validity v = validity();
    LookupResult found;
    const std::size_t slot = s.lookup(hash, args.key, v, dead, &found);
    const Item* old = found == LookupResult::kHit ? s.table.item_at(slot) : nullptr;
    bool stale = false;
    result = admit(args, old, old != nullptr ? visible_cas(old->cas()) : 0,
                   &stale);
    if (result == StoreResult::kStored) {
      item->set_cas(next_cas());
      item->set_time(v.item_time());
      if (args.key_binary) item->bits |= kItemKeyBinary;
      if (stale) {
        // Served as stale until a real update; whoever held the token still does.
        item->set_exptime(old->exptime());
        item->bits |= kItemStale | (old->bits & kItemWinSent);
      }
      if (v.check(*item) != LookupResult::kHit) {
        // Stored already expired (negative exptime): it only removes the old value.
        if (old != nullptr) s.unlink(slot, dead);
        s.abandon(item, dead);
        ++s.stats.total_items;
      } else if (old != nullptr) {
        s.replace(slot, item, dead);
      } else if (!s.link(hash, item)) {
        s.abandon(item, dead);
        result = StoreResult::kNoMemory;
      }
      if (result == StoreResult::kStored && cas_out != nullptr) {
        *cas_out = visible_cas(item->cas());
      }
    } else {
      if (old != nullptr) s.table.touch(slot);  // memcached bumps the item a failed add hit
      s.abandon(item, dead);
    }
  }
  dead.release();
  return result;
}

StoreResult Cache::store_concat(const StoreArgs& args, uint64_t hash, uint64_t* cas_out) {
  Shard& s = shard_for(hash);
  const bool append = args.mode == StoreMode::kAppend;
  FreeBatch dead;
  std::unique_lock lock(s.mu);
  for (int attempt = 0; attempt < 8; ++attempt) {
    LookupResult found;
    std::size_t slot = s.lookup(hash, args.key, validity(), dead, &found);
    if (found != LookupResult::kHit) return StoreResult::kNotStored;
    const Item* old = s.table.item_at(slot);
    // With -C memcached has no CAS to compare, so append/prepend ignore it.
    const uint64_t old_cas = old->cas();
    if (args.cas != 0 && options_.use_cas && args.cas != old_cas) return StoreResult::kExists;
    const uint32_t old_flags = old->flags();
    const std::size_t new_len = old->value_len() + args.value.size();
    // memcached answers NOT_STORED when the combined item cannot be allocated.
    if (!item_size_ok(args.key.size(), new_len, old_flags)) return StoreResult::kNotStored;
    Item* item =
        place(s, lock, args.key, new_len, old_flags, fields_for(old->exptime()), dead);
    if (item == nullptr) return StoreResult::kNotStored;
    // Placing may have moved or evicted the old item, or let another client change it.
    const Validity v = validity();
    slot = s.lookup(hash, args.key, v, dead, &found);
    old = found == LookupResult::kHit ? s.table.item_at(slot) : nullptr;
    if (old == nullptr || old->cas() != old_cas ||
        !item->can_hold_exptime(old->exptime())) {
      s.abandon(item, dead);
      if (old == nullptr) return StoreResult::kNotStored;
      continue;  // changed under us: size it again
    }
    item->set_exptime(old->exptime());
    char* out = item->value_data();
    const std::string_view before = append ? old->value() : args.value;
    const std::string_view after = append ? args.value : old->value();
    std::memcpy(out, before.data(), before.size());
    std::memcpy(out + before.size(), after.data(), after.size());
    item->set_cas(next_cas());
    item->set_time(v.item_time());
    // A new item, as in memcached: unfetched, not stale, not binary.
    s.replace(slot, item, dead);
    if (cas_out != nullptr) *cas_out = visible_cas(item->cas());
    return StoreResult::kStored;
  }
  return StoreResult::kNotStored;
}

}  // namespace ringcache::node
