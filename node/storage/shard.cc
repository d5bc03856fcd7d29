#include "node/storage/shard.h"

namespace ringcache::node {
namespace {

constexpr std::size_t kDeadScanSlots = 256;

}  // namespace

void FreeBatch::release(MemoryBudget& budget) {
  for (std::size_t i = 0; i < n_; ++i) budget_free(budget, items_[i], items_[i]->total_size());
  n_ = 0;
}

std::size_t Cache::Shard::lookup(uint64_t hash, std::string_view key, const Validity& v,
                                 FreeBatch& dead, LookupResult* result) {
  const std::size_t slot = table.find(hash, key);
  if (slot == HashTable::kNotFound) {
    *result = LookupResult::kMiss;
    return slot;
  }
  const Item& item = *table.item_at(slot);
  *result = v.check(item);
  if (*result == LookupResult::kHit) return slot;
  count_dead(item, *result);
  unlink(slot, dead);
  return HashTable::kNotFound;
}

void Cache::Shard::count_dead(const Item& item, LookupResult why) {
  ++stats.reclaimed;
  if (why == LookupResult::kExpired && !item.has(kItemFetched)) ++stats.expired_unfetched;
}

bool Cache::Shard::link(uint64_t hash, Item* item, MemoryBudget& budget, bool evict,
                        const Validity& v) {
  if (table.over_load()) grow_or_shrink(budget, evict, v);
  // A run longer than the slot's distance field allows is only possible in a table that
  // could not grow: make room by growing or evicting, a bounded number of times.
  for (int attempt = 0; attempt < 8; ++attempt) {
    if (table.insert(hash, item, /*clock=*/1)) {
      ++stats.curr_items;
      ++stats.total_items;
      stats.bytes += item->total_size();
      return true;
    }
    if (!grow_or_shrink(budget, evict, v)) return false;
  }
  return false;
}

// Grows the table; when the budget cannot pay, evicts from this shard (freeing at once, as
// the bytes are needed under this lock) and tries again. Without growth, eviction alone
// still lowers the load. Returns whether the table grew or lost items.
bool Cache::Shard::grow_or_shrink(MemoryBudget& budget, bool evict, const Validity& v) {
  if (table.grow(budget)) return true;
  const std::size_t need = predicted_charge(table.bytes() * 2);
  std::size_t freed = 0;
  while (freed < need && table.count() > 0) {
    FreeBatch batch;
    const std::size_t got = this->evict(need - freed, v, evict, batch);
    batch.release(budget);
    if (got == 0) break;
    freed += got;
  }
  if (table.grow(budget)) return true;
  return freed > 0;
}

void Cache::Shard::replace(std::size_t slot, Item* item, FreeBatch& dead) {
  Item* old = table.item_at(slot);
  stats.bytes += item->total_size();
  stats.bytes -= old->total_size();
  ++stats.total_items;
  table.set_item(slot, item);
  dead.add(old);
}

void Cache::Shard::unlink(std::size_t slot, FreeBatch& dead) {
  Item* item = table.item_at(slot);
  --stats.curr_items;
  stats.bytes -= item->total_size();
  table.erase(slot);
  dead.add(item);
}

std::size_t Cache::Shard::evict(std::size_t need, const Validity& v, bool evict_live,
                                FreeBatch& out) {
  std::size_t freed = 0;
  // Four revolutions bring every counter (at most 3) to zero, so a live shard always
  // yields a victim when evict_live is set.
  // Without evict_live (-M) only expired items can go: look at a bounded stretch per call
  // (the hand keeps moving, so calls together cover the table).
  std::size_t steps = evict_live ? 4 * table.capacity() + 4 : kDeadScanSlots;
  for (; freed < need && !out.full() && table.count() > 0 && steps > 0; --steps, ++hand) {
    const std::size_t slot = hand_slot();
    if (table.empty_at(slot)) continue;
    const unsigned clock = table.clock_at(slot);
    // Only candidates are read (a cache miss each); -M must look at every item to find
    // the expired ones, as it may free nothing else.
    if (clock > 0 && evict_live) {
      table.set_clock(slot, clock - 1);
      continue;
    }
    const Item& item = *table.item_at(slot);
    const LookupResult state = v.check(item);
    if (state == LookupResult::kHit && (!evict_live || clock > 0)) continue;
    if (state == LookupResult::kHit) {
      ++stats.evictions;
      if (!item.has(kItemFetched)) ++stats.evicted_unfetched;
    } else {
      count_dead(item, state);
    }
    freed += block_charge(&item, item.total_size());
    unlink(slot, out);
  }
  return freed;
}

std::size_t Cache::Shard::reclaim(std::size_t max_slots, std::size_t max_items,
                                  const Validity& v, FreeBatch& out) {
  std::size_t found = 0;
  for (std::size_t n = 0; n < max_slots && found < max_items && !out.full() && table.count() > 0;
       ++n) {
    reclaim_cursor &= table.capacity() - 1;
    if (!table.empty_at(reclaim_cursor)) {
      const Item& item = *table.item_at(reclaim_cursor);
      const LookupResult state = v.check(item);
      if (state != LookupResult::kHit) {
        count_dead(item, state);
        unlink(reclaim_cursor, out);
        ++found;
        continue;  // re-examine the entry that shifted into this slot
      }
    }
    reclaim_cursor = table.next(reclaim_cursor);
  }
  return found;
}

int64_t Cache::Shard::tail_age(int64_t now) const {
  if (table.count() == 0) return 0;
  std::size_t i = hand_slot();
  for (std::size_t n = 0; n < table.capacity(); ++n, i = table.next(i)) {
    if (!table.empty_at(i)) {
      const int64_t age = now - static_cast<int64_t>(table.item_at(i)->time);
      return age > 0 ? age : 0;
    }
  }
  return 0;
}

}  // namespace ringcache::node
