#include "node/storage/memory_budget.h"

#include <malloc.h>

#include <cstdlib>
#include <mutex>

namespace ringcache::node {
namespace {

constexpr std::size_t kPage = 4096;

// glibc's request-to-chunk rounding: size field (8) added, 16-byte multiple, 32 minimum.
std::size_t chunk_size(std::size_t requested) {
  const std::size_t chunk = (requested + 8 + 15) & ~std::size_t{15};
  return chunk < 32 ? 32 : chunk;
}

// glibc mmaps a request when its chunk reaches the threshold (and no free chunk fits).
bool is_mmapped_size(std::size_t requested) { return chunk_size(requested) >= kMmapThreshold; }

}  // namespace

void configure_allocator() {
  static std::once_flag once;
  std::call_once(once, [] {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold));
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(1u << 20));
  });
}

std::size_t predicted_charge(std::size_t size) {
  if (is_mmapped_size(size)) return (size + 16 + kPage - 1) & ~(kPage - 1);
  return chunk_size(size);
}

std::size_t block_charge(const void* block, std::size_t requested) {
  // malloc_usable_size takes a non-const pointer but does not write.
  const std::size_t usable = malloc_usable_size(const_cast<void*>(block));
  return usable + (is_mmapped_size(requested) ? 16 : 8);
}

bool MemoryBudget::try_charge(std::size_t n) {
  std::size_t cur = used_.load(std::memory_order_relaxed);
  do {
    if (cur + n > limit_) return false;
  } while (!used_.compare_exchange_weak(cur, cur + n, std::memory_order_relaxed));
  return true;
}

bool MemoryBudget::release(std::size_t n) {
  used_.fetch_sub(n, std::memory_order_relaxed);
  const std::size_t before = freed_since_trim_.fetch_add(n, std::memory_order_relaxed);
  if (before + n < trim_every_) return false;
  // One thread wins the reset and trims; the others carry on.
  std::size_t expected = before + n;
  while (expected >= trim_every_) {
    if (freed_since_trim_.compare_exchange_weak(expected, 0, std::memory_order_relaxed)) return true;
  }
  return false;
}

std::size_t MemoryBudget::shortfall(std::size_t n) const {
  const std::size_t cur = used();
  return cur + n > limit_ ? cur + n - limit_ : 0;
}

void* budget_alloc(MemoryBudget& budget, std::size_t size, bool zero, std::size_t* charge_needed) {
  const std::size_t predicted = predicted_charge(size);
  if (charge_needed != nullptr) *charge_needed = predicted;
  if (!budget.try_charge(predicted)) return nullptr;
  void* block = zero ? std::calloc(1, size) : std::malloc(size);
  if (block == nullptr) {
    budget.release(predicted);
    return nullptr;
  }
  // Settle the prediction against the real block. It is smaller under sanitizers; it is
  // larger when glibc hands out a free chunk too small to split, or serves a big request
  // from the heap: that extra must fit too, or the caller makes room and asks again.
  const std::size_t actual = block_charge(block, size);
  if (actual < predicted) budget.release(predicted - actual);
  if (actual > predicted && !budget.try_charge(actual - predicted)) {
    std::free(block);
    budget.release(predicted);
    if (charge_needed != nullptr) *charge_needed = actual;
    return nullptr;
  }
  return block;
}

void budget_free(MemoryBudget& budget, void* block, std::size_t requested) {
  if (block == nullptr) return;
  const bool trim = budget.release(block_charge(block, requested));
  std::free(block);
  if (trim) malloc_trim(0);
}

}  // namespace ringcache::node
