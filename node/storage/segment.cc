#include "node/storage/segment.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <new>

namespace ringcache::node {

std::size_t segment_size_for(std::size_t memory_limit) {
  return std::clamp<std::size_t>(std::bit_ceil(memory_limit / 1024), 32u << 10, 1u << 20);
}

namespace {

#ifdef MADV_POPULATE_WRITE
constexpr int kPopulateWrite = MADV_POPULATE_WRITE;
#else
constexpr int kPopulateWrite = 23;  // Linux 5.14
#endif

// An mmap of `size` bytes aligned to `size` (a power of two): map twice as much, unmap the rest.
void* map_aligned(std::size_t size) {
  void* raw = mmap(nullptr, 2 * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + size - 1) & ~(uintptr_t{size} - 1);
  if (aligned > start) munmap(raw, aligned - start);
  const uintptr_t end = start + 2 * size;
  if (end > aligned + size) munmap(reinterpret_cast<void*>(aligned + size), end - aligned - size);
  // A new segment is about to be written from start to end: fault its pages in with one call
  // rather than one page fault per 4 KiB on the request path (w3, where sets fill fresh
  // segments, took ~0.1 faults per request). Kernels before 5.14 refuse the advice; their
  // pages then fault in on first write, as before.
  madvise(reinterpret_cast<void*>(aligned), size, kPopulateWrite);
  return reinterpret_cast<void*>(aligned);
}

}  // namespace

Segment* new_segment(MemoryBudget& budget, std::size_t segment_size) {
  if (!budget.try_charge(segment_size)) return nullptr;
  void* mem = map_aligned(segment_size);
  if (mem == nullptr) {
    budget.release(segment_size);
    return nullptr;
  }
  auto* seg = new (mem) Segment;
  seg->capacity = static_cast<uint32_t>(segment_size - sizeof(Segment));
  return seg;
}

Segment* new_jumbo(MemoryBudget& budget, std::size_t item_size, std::size_t* charge_needed) {
  void* mem = budget_alloc(budget, sizeof(Segment) + item_size, false, charge_needed);
  if (mem == nullptr) return nullptr;
  auto* seg = new (mem) Segment;
  seg->jumbo = true;
  seg->capacity = static_cast<uint32_t>(item_size);
  seg->used = seg->capacity;
  seg->live = 1;
  return seg;
}

std::size_t segment_charge(const Segment* seg) {
  if (!seg->jumbo) return sizeof(Segment) + seg->capacity;
  return block_charge(seg, sizeof(Segment) + seg->capacity);
}

void free_segment(Segment* seg) {
  if (seg->jumbo) {
    std::free(seg);
  } else {
    munmap(seg, sizeof(Segment) + seg->capacity);
  }
}

void SegmentQueue::push_back(Segment* seg) {
  seg->prev = tail_;
  seg->next = nullptr;
  if (tail_ != nullptr) {
    tail_->next = seg;
  } else {
    head_ = seg;
  }
  tail_ = seg;
  seg->queued = true;
  ++size_;
}

void SegmentQueue::remove(Segment* seg) {
  if (seg->prev != nullptr) {
    seg->prev->next = seg->next;
  } else {
    head_ = seg->next;
  }
  if (seg->next != nullptr) {
    seg->next->prev = seg->prev;
  } else {
    tail_ = seg->prev;
  }
  seg->prev = seg->next = nullptr;
  seg->queued = false;
  --size_;
}

}  // namespace ringcache::node
