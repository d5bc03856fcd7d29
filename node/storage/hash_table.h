// HashTable: one shard's index, open addressing with Robin Hood linear probing. A slot is
// one 64-bit word, so the table costs 8 bytes per slot and a lookup reads few cache lines:
//   bits 0-47 item pointer | 48-49 CLOCK counter | 50-56 distance from home | 57-63 tag
// The tag (7 hash bits) and the distance let a lookup skip foreign slots without touching
// their items; the distance also lets erase shift back without rehashing keys. Growth
// rehashes keys (the only time items are read for their hash). Not thread-safe: the shard
// lock guards it. Arrays are charged to the MemoryBudget.
// Capacity is any multiple of 8, not a power of two: a key's home slot is the low 32 hash
// bits scaled to the capacity (multiply-shift), and the table grows by an eighth, up to 9/10
// full. Doubling a power-of-two table would leave it between 45% and 90% full, averaging
// ~13 bytes of slots per item; growing by 1.125 keeps it 80-90% full (~9.4 bytes per item;
// by a quarter it was 72-90%, ~9.9). Growth rehashes the table, so smaller steps cost more
// rehashing while the cache fills, and none once it is full.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "node/storage/item.h"
#include "node/storage/memory_budget.h"

namespace ringcache::node {

class HashTable {
 public:
  static constexpr std::size_t kNotFound = ~std::size_t{0};
  static constexpr unsigned kMaxClock = 3;
  static constexpr std::size_t kMinCapacity = 64;

  HashTable() = default;
  HashTable(const HashTable&) = delete;
  HashTable& operator=(const HashTable&) = delete;

  /// Allocates `capacity` (a multiple of 8) empty slots; false when the budget is full.
  bool init(MemoryBudget& budget, std::size_t capacity);
  /// Frees the slot array (not the items).
  void destroy(MemoryBudget& budget);

  /// Slot index of `key`, or kNotFound.
  std::size_t find(uint64_t hash, std::string_view key) const;
  /// Adds an item whose key is absent; false if the probe would get too long (grow first).
  bool insert(uint64_t hash, Item* item, unsigned clock);
  /// Removes the slot's entry; later entries of its run shift back one place.
  void erase(std::size_t slot);
  /// Grows the capacity by an eighth; false (table unchanged) when the budget cannot pay.
  bool grow(MemoryBudget& budget);

  Item* item_at(std::size_t slot) const { return to_item(slots_[slot]); }
  void set_item(std::size_t slot, Item* item);
  unsigned clock_at(std::size_t slot) const { return (slots_[slot] >> kClockShift) & 3u; }
  void set_clock(std::size_t slot, unsigned clock);
  /// Marks an access: CLOCK counter + 1, saturating (written only when it changes).
  void touch(std::size_t slot) {
    if (clock_at(slot) < kMaxClock) set_clock(slot, clock_at(slot) + 1);
  }

  std::size_t capacity() const { return capacity_; }
  std::size_t count() const { return count_; }
  std::size_t bytes() const { return capacity() * sizeof(uint64_t); }
  // Grow beyond 9/10 full: Robin Hood probing stays short at this load (runs of ~60 slots
  // at most in 16k-slot tables), and a high ceiling keeps the bytes per item low.
  bool over_load() const { return count_ + 1 > capacity() - capacity() / 10; }
  /// The capacity after one growth step.
  std::size_t next_capacity() const { return (capacity() + capacity() / 8 + 7) & ~std::size_t{7}; }
  /// What the slot array costs in the budget.
  std::size_t charge() const { return block_charge(slots_, bytes()); }
  bool empty_at(std::size_t slot) const { return slots_[slot] == 0; }
  std::size_t next(std::size_t slot) const { return slot + 1 == capacity_ ? 0 : slot + 1; }
  std::size_t prev(std::size_t slot) const { return slot == 0 ? capacity_ - 1 : slot - 1; }
  std::size_t home(uint64_t hash) const { return ((hash & 0xFFFFFFFFu) * capacity_) >> 32; }

 private:
  static constexpr unsigned kClockShift = 48;
  static constexpr unsigned kDistShift = 50;
  static constexpr unsigned kTagShift = 57;
  // Robin Hood runs at 9/10 load reach ~60 slots in 16k-slot tables; 127 leaves margin.
  static constexpr uint64_t kMaxDist = 127;
  static constexpr uint64_t kPtrMask = (uint64_t{1} << 48) - 1;

  static Item* to_item(uint64_t w) { return reinterpret_cast<Item*>(w & kPtrMask); }
  static uint64_t dist(uint64_t w) { return (w >> kDistShift) & kMaxDist; }
  static uint64_t with_dist(uint64_t w, uint64_t d) {
    return (w & ~(kMaxDist << kDistShift)) | (d << kDistShift);
  }
  static uint64_t tag_of(uint64_t hash) { return (hash >> 40) & 0x7F; }
  bool place(uint64_t hash, uint64_t word);

  uint64_t* slots_ = nullptr;
  std::size_t capacity_ = 0;
  std::size_t count_ = 0;
};

}  // namespace ringcache::node
