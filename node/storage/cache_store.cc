// Cache::store: set/add/replace/cas build the new item outside the shard lock and link it
// under the lock; append/prepend need the old value, so they size the new item from a
// first look, build it under the lock, and retry if the item changed in between.
#include <cstring>

#include "common/hash/key_hash.h"
#include "node/storage/shard.h"

namespace ringcache::node {
namespace {

void fill_header(Item* item, std::string_view key, std::size_t value_len, uint32_t flags,
                 uint32_t exptime) {
  item->cas = 0;
  item->exptime = exptime;
  item->time = 0;
  item->value_len = static_cast<uint32_t>(value_len);
  item->client_flags = flags;
  item->key_len = static_cast<uint8_t>(key.size());
  item->bits = 0;
  std::memcpy(item->data(), key.data(), key.size());
}

// Decides whether a set/add/replace/cas goes ahead, given what the table holds.
StoreResult admit(const StoreArgs& args, const Item* old, uint64_t old_cas) {
  switch (args.mode) {
    case StoreMode::kAdd:
      return old != nullptr ? StoreResult::kNotStored : StoreResult::kStored;
    case StoreMode::kReplace:
      return old == nullptr ? StoreResult::kNotStored : StoreResult::kStored;
    case StoreMode::kCas:
      if (old == nullptr) return StoreResult::kNotFound;
      // Unique values start at 1; 0 means CAS is off (-C), where memcached never matches.
      return old_cas != 0 && old_cas == args.cas ? StoreResult::kStored : StoreResult::kExists;
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
  Item* item = alloc_item(s, args.key.size(), args.value.size());
  if (item == nullptr) return StoreResult::kNoMemory;
  fill_header(item, args.key, args.value.size(), args.flags, clamp_exptime(args.exptime));
  std::memcpy(item->value_data(), args.value.data(), args.value.size());

  FreeBatch dead;
  StoreResult result;
  {
    std::lock_guard lock(s.mu);
    const Validity v = validity();
    LookupResult found;
    const std::size_t slot = s.lookup(hash, args.key, v, dead, &found);
    const Item* old = found == LookupResult::kHit ? s.table.item_at(slot) : nullptr;
    result = admit(args, old, old != nullptr ? visible_cas(old->cas) : 0);
    if (result == StoreResult::kStored) {
      item->cas = next_cas();
      item->time = static_cast<uint32_t>(v.now);
      if (v.check(*item) != LookupResult::kHit) {
        // Stored already expired (negative exptime): it only removes the old value.
        if (old != nullptr) s.unlink(slot, dead);
        dead.add(item);
        ++s.stats.total_items;
      } else if (old != nullptr) {
        s.replace(slot, item, dead);
      } else if (!s.link(hash, item, budget_, options_.evict, v)) {
        dead.add(item);
        result = StoreResult::kNoMemory;
      }
      if (result == StoreResult::kStored && cas_out != nullptr) *cas_out = visible_cas(item->cas);
    } else {
      if (old != nullptr) s.table.touch(slot);  // memcached bumps the item a failed add hit
      dead.add(item);
    }
  }
  dead.release(budget_);
  return result;
}

StoreResult Cache::store_concat(const StoreArgs& args, uint64_t hash, uint64_t* cas_out) {
  Shard& s = shard_for(hash);
  const bool append = args.mode == StoreMode::kAppend;
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::size_t old_len = 0;
    uint64_t old_cas = 0;
    uint32_t old_flags = 0;
    {
      FreeBatch dead;
      std::unique_lock lock(s.mu);
      LookupResult found;
      const std::size_t slot = s.lookup(hash, args.key, validity(), dead, &found);
      if (found != LookupResult::kHit) {
        lock.unlock();
        dead.release(budget_);
        return StoreResult::kNotStored;
      }
      const Item& old = *s.table.item_at(slot);
      if (args.cas != 0 && args.cas != visible_cas(old.cas)) return StoreResult::kExists;
      old_len = old.value_len;
      old_cas = old.cas;
      old_flags = old.client_flags;
    }
    const std::size_t new_len = old_len + args.value.size();
    // memcached answers NOT_STORED when the combined item cannot be allocated.
    if (!item_size_ok(args.key.size(), new_len, old_flags)) return StoreResult::kNotStored;
    Item* item = alloc_item(s, args.key.size(), new_len);
    if (item == nullptr) return StoreResult::kNotStored;
    fill_header(item, args.key, new_len, 0, 0);  // sized now: freeing it needs the size

    FreeBatch dead;
    StoreResult result = StoreResult::kNotStored;
    bool retry = false;
    {
      std::lock_guard lock(s.mu);
      const Validity v = validity();
      LookupResult found;
      const std::size_t slot = s.lookup(hash, args.key, v, dead, &found);
      Item* old = found == LookupResult::kHit ? s.table.item_at(slot) : nullptr;
      if (old != nullptr && old->cas == old_cas) {
        item->client_flags = old->client_flags;
        item->exptime = old->exptime;
        char* out = item->value_data();
        const std::string_view before = append ? old->value() : args.value;
        const std::string_view after = append ? args.value : old->value();
        std::memcpy(out, before.data(), before.size());
        std::memcpy(out + before.size(), after.data(), after.size());
        item->cas = next_cas();
        item->time = static_cast<uint32_t>(v.now);
        item->bits = old->bits & kItemFetched;
        s.replace(slot, item, dead);
        if (cas_out != nullptr) *cas_out = visible_cas(item->cas);
        result = StoreResult::kStored;
      } else {
        retry = old != nullptr;  // changed under us: size it again
        dead.add(item);
      }
    }
    dead.release(budget_);
    if (!retry) return result;
  }
  return StoreResult::kNotStored;
}

}  // namespace ringcache::node
