// Cache::rewrite: an item is written with only the fields it needs (item.h), so a change
// that needs a missing field (a TTL on an item stored without one) first copies the item
// into a new one that has it. The copy is the same version: same
// CAS, value, flags, state and access time; only its place changes.
#include <cstring>

#include "node/storage/shard.h"

namespace ringcache::node {

std::size_t Cache::rewrite(Shard& s, std::unique_lock<std::mutex>& lock, uint64_t hash,
                           std::string_view key, std::size_t slot, uint8_t fields,
                           FreeBatch& dead) {
  // Bounded: each round either settles or saw the item change while placing its copy.
  for (int attempt = 0; attempt < 8; ++attempt) {
    const Item* old = s.table.item_at(slot);
    const uint64_t cas = old->cas();
    const std::size_t len = old->value_len();
    const uint32_t flags = old->flags();
    const uint8_t need = static_cast<uint8_t>(fields | fields_for(old->exptime()));
    Item* copy = place(s, lock, key, len, flags, need, dead);
    // Placing may have moved, changed or removed the item.
    LookupResult found;
    const std::size_t now_slot = s.lookup(hash, key, validity(), dead, &found);
    if (found != LookupResult::kHit) {
      if (copy != nullptr) s.abandon(copy, dead);
      return HashTable::kNotFound;
    }
    old = s.table.item_at(now_slot);
    if (copy == nullptr) return now_slot;
    if (old->cas() != cas || old->value_len() != len || old->flags() != flags ||
        !copy->can_hold_exptime(old->exptime())) {
      s.abandon(copy, dead);
      slot = now_slot;
      continue;
    }
    copy->bits |= old->state();
    copy->set_time(old->time());
    copy->set_exptime(old->exptime());
    copy->set_cas(cas);
    std::memcpy(copy->value_data(), old->value().data(), len);
    s.replace(now_slot, copy, dead, /*new_version=*/false);
    return now_slot;
  }
  return slot;
}

std::size_t Cache::retime(Shard& s, std::unique_lock<std::mutex>& lock, uint64_t hash,
                          std::string_view key, std::size_t slot, uint32_t exptime,
                          FreeBatch& dead) {
  if (!s.table.item_at(slot)->can_hold_exptime(exptime)) {
    slot = rewrite(s, lock, hash, key, slot, kFieldExptime, dead);
    if (slot == HashTable::kNotFound) return slot;
  }
  s.table.item_at(slot)->set_exptime(exptime);  // no field (out of memory): unchanged
  return slot;
}

}  // namespace ringcache::node
