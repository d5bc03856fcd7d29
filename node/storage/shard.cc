#include "node/storage/shard.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "common/hash/key_hash.h"

namespace ringcache::node {

void FreeBatch::add(Segment* seg, MemoryBudget& budget) {
  const std::size_t charge = segment_charge(seg);
  released_ += charge;
  if (budget.release(charge) && seg->jumbo) trim_ = true;
  segs_[n_++] = seg;
}

void FreeBatch::release() {
  for (std::size_t i = 0; i < n_; ++i) free_segment(segs_[i]);
  n_ = 0;
  if (trim_) malloc_trim(0);
  trim_ = false;
}

Cache::Shard::~Shard() {
  while (!segments.empty()) {
    Segment* seg = segments.front();
    segments.remove(seg);
    if (budget != nullptr) budget->release(segment_charge(seg));
    free_segment(seg);
  }
  active = nullptr;
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

void Cache::Shard::bump(std::size_t slot, int64_t now) {
  Item& item = *table.item_at(slot);
  if (item.has(kItemFetched)) {
    item.set_time(to_item_time(now, epoch));
  } else {
    item.bits |= kItemFetched;
  }
  table.touch(slot);
}

void Cache::Shard::count_dead(const Item& item, LookupResult why) {
  ++stats.reclaimed;
  if (why == LookupResult::kExpired && !item.has(kItemFetched)) ++stats.expired_unfetched;
}

void Cache::Shard::count_eviction(const Item& item) {
  ++stats.evictions;
  if (!item.has(kItemFetched)) ++stats.evicted_unfetched;
}

bool Cache::Shard::prepare_insert(const Validity& v, FreeBatch& dead) {
  // Bounded: each round grows the table or frees segments.
  for (int round = 0; round < 64 && table.over_load(); ++round) {
    if (table.grow(*budget)) return true;
    // With -M nothing live may go for the table: it fills past its load target instead.
    if (!evict_live) break;
    const std::size_t need = predicted_charge(table.next_capacity() * sizeof(uint64_t));
    if (evict(budget->shortfall(need), v, dead) == 0) break;
    dead.release();
  }
  // A table that could not grow still takes entries until its probes get too long.
  return table.count() + 2 <= table.capacity();
}

void Cache::Shard::start_active(Segment* seg) {
  seg->used = 0;
  seg->live = 0;
  if (!seg->queued) segments.push_back(seg);
  active = seg;
}

Item* Cache::Shard::alloc_small(std::size_t size, const Validity& v, FreeBatch& dead) {
  // CLOCK needs at most 4 passes over the shard's segments to empty one (counters are at
  // most 3); without evict_live a pass that frees nothing means nothing can be freed.
  const std::size_t max_steps = 4 * (segments.size() + 1) + 4;
  std::size_t idle = 0;
  for (std::size_t step = 0; step <= max_steps; ++step) {
    if (active != nullptr && active->room() >= size) {
      Item* item = reinterpret_cast<Item*>(active->data() + active->used);
      active->used += static_cast<uint32_t>(size);
      ++active->live;
      return item;
    }
    if (Segment* seg = new_segment(*budget, segment_size)) {
      start_active(seg);
      continue;
    }
    if (segments.empty() || dead.full()) return nullptr;
    bool progress = false;
    if (Segment* empty = recycle_oldest(v, dead, &progress)) {
      start_active(empty);
      continue;
    }
    idle = progress ? 0 : idle + 1;
    if (idle > segments.size()) return nullptr;
  }
  return nullptr;
}

void Cache::Shard::abandon(Item* item, FreeBatch& dead) {
  Segment* seg = segment_of(item, segment_size);
  if (seg->jumbo) {
    if (seg->queued) segments.remove(seg);
    dead.add(seg, *budget);
    return;
  }
  // Nothing was reserved after it under the lock: it is the last item of the segment.
  seg->used -= static_cast<uint32_t>(item->total_size());
  if (--seg->live == 0) drop_segment(seg, dead);
}

bool Cache::Shard::link(uint64_t hash, Item* item) {
  if (!table.insert(hash, item, /*clock=*/0)) {
    // A run longer than the slot's distance field allows: only a bigger table helps.
    if (!table.grow(*budget) || !table.insert(hash, item, 0)) return false;
  }
  if (item->has(kItemJumbo)) segments.push_back(segment_of(item, segment_size));
  if (item->has_exptime_field()) ++ttl_items;
  ++stats.curr_items;
  ++stats.total_items;
  stats.bytes += item->total_size();
  return true;
}

void Cache::Shard::replace(std::size_t slot, Item* item, FreeBatch& dead, bool new_version) {
  Item* old = table.item_at(slot);
  stats.bytes += item->total_size();
  stats.bytes -= old->total_size();
  if (new_version) ++stats.total_items;
  if (item->has_exptime_field()) ++ttl_items;
  if (old->has_exptime_field()) --ttl_items;
  table.set_item(slot, item);
  if (item->has(kItemJumbo)) segments.push_back(segment_of(item, segment_size));
  release_item(old, dead);
}

void Cache::Shard::unlink(std::size_t slot, FreeBatch& dead) {
  Item* item = table.item_at(slot);
  --stats.curr_items;
  stats.bytes -= item->total_size();
  if (item->has_exptime_field()) --ttl_items;
  table.erase(slot);
  release_item(item, dead);
}

void Cache::Shard::release_item(Item* item, FreeBatch& dead) {
  item->bits |= kItemDead;
  Segment* seg = segment_of(item, segment_size);
  if (--seg->live == 0 && seg != recycling_) drop_segment(seg, dead);
}

void Cache::Shard::drop_segment(Segment* seg, FreeBatch& dead) {
  if (seg->queued) segments.remove(seg);
  if (seg == active) active = nullptr;
  dead.add(seg, *budget);
}

std::size_t Cache::Shard::evict(std::size_t need, const Validity& v, FreeBatch& out) {
  std::size_t freed = 0;
  const std::size_t max_steps = 4 * (segments.size() + 1) + 4;
  std::size_t idle = 0;
  for (std::size_t step = 0; step < max_steps && freed < need && !out.full() && !segments.empty();
       ++step) {
    const std::size_t before = out.released();
    bool progress = false;
    if (Segment* empty = recycle_oldest(v, out, &progress)) drop_segment(empty, out);
    freed += out.released() - before;
    idle = progress ? 0 : idle + 1;
    if (idle > segments.size()) break;
  }
  return freed;
}

std::size_t Cache::Shard::judge(Item* item, const Validity& v, FreeBatch& out, bool* progress) {
  const std::size_t slot = table.find(common::key_hash(item->key()), item->key());
  if (slot == HashTable::kNotFound || table.item_at(slot) != item) std::abort();
  const LookupResult state = v.check(*item);
  if (state != LookupResult::kHit) {
    count_dead(*item, state);
  } else if (evict_live && table.clock_at(slot) == 0) {
    count_eviction(*item);
  } else {
    if (evict_live) {
      table.set_clock(slot, table.clock_at(slot) - 1);
      *progress = true;
    }
    return slot;
  }
  unlink(slot, out);
  *progress = true;
  return HashTable::kNotFound;
}

Segment* Cache::Shard::recycle_oldest(const Validity& v, FreeBatch& out, bool* progress) {
  Segment* seg = segments.front();
  if (seg->jumbo) {
    recycle_jumbo(seg, v, out, progress);
    return nullptr;
  }
  recycling_ = seg;
  char* const base = seg->data();
  const std::size_t end = seg->used;
  std::size_t write = 0;
  bool in_place = active == nullptr || active == seg;
  for (std::size_t read = 0; read < end;) {
    Item* item = reinterpret_cast<Item*>(base + read);
    const std::size_t size = item->total_size();
    read += size;
    if (item->has(kItemDead)) continue;
    const std::size_t slot = judge(item, v, out, progress);
    if (slot == HashTable::kNotFound) continue;
    if (!in_place && active->room() >= size) {
      char* to = active->data() + active->used;
      std::memcpy(to, item, size);
      active->used += static_cast<uint32_t>(size);
      ++active->live;
      --seg->live;
      table.set_item(slot, reinterpret_cast<Item*>(to));
      continue;
    }
    in_place = true;
    if (base + write != reinterpret_cast<char*>(item)) std::memmove(base + write, item, size);
    table.set_item(slot, reinterpret_cast<Item*>(base + write));
    write += size;
  }
  recycling_ = nullptr;
  seg->used = static_cast<uint32_t>(write);
  if (write < end) *progress = true;
  if (seg->live == 0) {
    segments.remove(seg);
    if (seg == active) active = nullptr;
    return seg;
  }
  // The survivors stay at the front; the space behind them takes new items.
  segments.move_to_back(seg);
  active = seg;
  return nullptr;
}

void Cache::Shard::recycle_jumbo(Segment* seg, const Validity& v, FreeBatch& out, bool* progress) {
  Item* item = reinterpret_cast<Item*>(seg->data());
  // judge() frees the block if the item goes; otherwise it moves behind the others.
  if (judge(item, v, out, progress) != HashTable::kNotFound) segments.move_to_back(seg);
}

std::size_t Cache::Shard::reclaim(std::size_t max_slots, std::size_t max_items,
                                  const Validity& v, FreeBatch& out) {
  std::size_t found = 0;
  for (std::size_t n = 0; n < max_slots && found < max_items && !out.full() && table.count() > 0;
       ++n) {
    if (reclaim_cursor >= table.capacity()) reclaim_cursor = 0;
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
  // The oldest segment's first live item is the next in line for eviction.
  for (Segment* seg = segments.front(); seg != nullptr; seg = seg->next) {
    for (std::size_t off = 0; off < seg->used;) {
      const Item* item = reinterpret_cast<const Item*>(seg->data() + off);
      if (!item->has(kItemDead)) {
        const int64_t age = now - (epoch + static_cast<int64_t>(item->time()));
        return age > 0 ? age : 0;
      }
      off += item->total_size();
    }
  }
  return 0;
}

}  // namespace ringcache::node
