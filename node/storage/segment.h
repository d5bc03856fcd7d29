// Segment: the unit of item memory. Items are appended back to back into a shard's active
// segment, so an item costs its own bytes and nothing else: no allocator chunk header, no
// rounding to a size class (glibc malloc added 8-23 bytes per item, memcached's slab
// classes add 0-25%). An unlinked item is only marked dead; its bytes come back when the
// segment's turn in the shard's FIFO comes (Shard::recycle_oldest compacts survivors).
//
// Regular segments are mmap'd, aligned to their size (so an item finds its segment by
// masking its address) and charged exactly their size. An item too big for a regular
// segment (over an eighth of it) gets a jumbo block of its own from malloc, charged at
// its real chunk size, which still takes a place in the FIFO like a segment.
#pragma once

#include <cstddef>
#include <cstdint>

#include "node/storage/item.h"
#include "node/storage/memory_budget.h"

namespace ringcache::node {

struct Segment {
  Segment* prev = nullptr;  // FIFO neighbours (SegmentQueue)
  Segment* next = nullptr;
  uint32_t used = 0;        // bytes of data written (live or dead items)
  uint32_t live = 0;        // items not dead (including one being written)
  uint32_t capacity = 0;    // bytes of data
  bool jumbo = false;
  bool queued = false;

  char* data() { return reinterpret_cast<char*>(this + 1); }
  std::size_t room() const { return capacity - used; }
};

/// The segment size for a memory limit: about a thousandth of it, 32 KiB .. 1 MiB.
std::size_t segment_size_for(std::size_t memory_limit);

/// The segment holding `item` (regular segments are `segment_size` bytes, aligned).
inline Segment* segment_of(const Item* item, std::size_t segment_size) {
  if (item->has(kItemJumbo)) {
    return reinterpret_cast<Segment*>(const_cast<Item*>(item)) - 1;
  }
  return reinterpret_cast<Segment*>(reinterpret_cast<uintptr_t>(item) & ~(segment_size - 1));
}

/// Maps and charges a regular segment of `segment_size` bytes (header included); nullptr
/// when the budget cannot pay for it.
Segment* new_segment(MemoryBudget& budget, std::size_t segment_size);
/// Mallocs and charges a jumbo block for one item of `item_size` bytes; nullptr when the
/// budget is full, with what must fit for a retry in `*charge_needed`.
Segment* new_jumbo(MemoryBudget& budget, std::size_t item_size, std::size_t* charge_needed);
/// What a segment costs in the budget.
std::size_t segment_charge(const Segment* seg);
/// Returns the memory (the charge must already be released).
void free_segment(Segment* seg);

// A shard's segments, oldest first.
class SegmentQueue {
 public:
  Segment* front() const { return head_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void push_back(Segment* seg);
  void remove(Segment* seg);
  void move_to_back(Segment* seg) {
    remove(seg);
    push_back(seg);
  }

 private:
  Segment* head_ = nullptr;
  Segment* tail_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ringcache::node
