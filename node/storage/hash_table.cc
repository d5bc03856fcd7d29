#include "node/storage/hash_table.h"

#include <cstdlib>
#include <utility>

#include "common/hash/key_hash.h"

namespace ringcache::node {

bool HashTable::init(MemoryBudget& budget, std::size_t capacity) {
  void* block = budget_alloc(budget, capacity * sizeof(uint64_t), /*zero=*/true);
  if (block == nullptr) return false;
  slots_ = static_cast<uint64_t*>(block);
  capacity_ = capacity;
  count_ = 0;
  return true;
}

void HashTable::destroy(MemoryBudget& budget) {
  budget_free(budget, slots_, bytes());
  slots_ = nullptr;
  capacity_ = 0;
  count_ = 0;
}

std::size_t HashTable::find(uint64_t hash, std::string_view key) const {
  const uint64_t tag = tag_of(hash);
  std::size_t i = home(hash);
  for (uint64_t d = 0; d <= kMaxDist; ++d, i = next(i)) {
    const uint64_t w = slots_[i];
    // Robin Hood invariant: a key is never farther from home than the entries it passed.
    if (w == 0 || dist(w) < d) return kNotFound;
    if (dist(w) == d && (w >> kTagShift) == tag && to_item(w)->key() == key) return i;
  }
  return kNotFound;
}

bool HashTable::insert(uint64_t hash, Item* item, unsigned clock) {
  const auto addr = reinterpret_cast<uint64_t>(item);
  if ((addr & ~kPtrMask) != 0) std::abort();  // user-space pointers fit in 48 bits
  const uint64_t word =
      addr | (uint64_t{clock} << kClockShift) | (tag_of(hash) << kTagShift);
  if (!place(hash, word)) return false;
  ++count_;
  return true;
}

// Finds where the new word goes (first entry closer to its home than we are to ours),
// checks that no shifted entry would pass kMaxDist, then shifts the run and writes.
bool HashTable::place(uint64_t hash, uint64_t word) {
  std::size_t pos = home(hash);
  uint64_t d = 0;
  while (slots_[pos] != 0 && dist(slots_[pos]) >= d) {
    if (++d > kMaxDist) return false;
    pos = next(pos);
  }
  std::size_t end = pos;
  while (slots_[end] != 0) {
    if (dist(slots_[end]) + 1 > kMaxDist) return false;
    end = next(end);
    if (end == pos) return false;  // full table (never at our load factors)
  }
  for (std::size_t i = end; i != pos; i = prev(i)) {
    const uint64_t before = slots_[prev(i)];
    slots_[i] = with_dist(before, dist(before) + 1);
  }
  slots_[pos] = with_dist(word, d);
  return true;
}

void HashTable::erase(std::size_t slot) {
  std::size_t i = slot;
  for (;;) {
    const std::size_t j = next(i);
    const uint64_t w = slots_[j];
    if (w == 0 || dist(w) == 0) break;
    slots_[i] = with_dist(w, dist(w) - 1);
    i = j;
  }
  slots_[i] = 0;
  --count_;
}

void HashTable::set_item(std::size_t slot, Item* item) {
  const auto addr = reinterpret_cast<uint64_t>(item);
  if ((addr & ~kPtrMask) != 0) std::abort();
  slots_[slot] = (slots_[slot] & ~kPtrMask) | addr;
}

void HashTable::set_clock(std::size_t slot, unsigned clock) {
  slots_[slot] = (slots_[slot] & ~(uint64_t{3} << kClockShift)) | (uint64_t{clock} << kClockShift);
}

bool HashTable::grow(MemoryBudget& budget) {
  for (std::size_t cap = next_capacity(); cap <= (std::size_t{1} << 32); cap += cap / 8 + 8) {
    cap &= ~std::size_t{7};
    HashTable bigger;
    if (!bigger.init(budget, cap)) return false;
    bool ok = true;
    for (std::size_t i = 0; ok && i < capacity_; ++i) {
      const uint64_t w = slots_[i];
      if (w == 0) continue;
      const uint64_t hash = common::key_hash(to_item(w)->key());
      ok = bigger.place(hash, with_dist(w, 0));
    }
    if (!ok) {  // a pathological run: try a larger table
      bigger.destroy(budget);
      continue;
    }
    bigger.count_ = count_;
    destroy(budget);
    std::swap(slots_, bigger.slots_);
    std::swap(capacity_, bigger.capacity_);
    std::swap(count_, bigger.count_);
    return true;
  }
  return false;
}

}  // namespace ringcache::node
