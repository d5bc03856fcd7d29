// MemoryBudget: the one `-m` budget. Every block the cache owns (items, hash slot arrays,
// shard structures) is charged here with its real cost in the allocator: glibc's usable
// size plus its chunk header (8 bytes, 16 for mmap'd chunks). Blocks come from malloc,
// tuned once per process (configure_allocator) so freed memory goes back to the system
// instead of being hoarded: one arena (no per-thread arenas holding free memory), a fixed
// mmap threshold (big values are mmap'd and unmapped on free, never fragmenting the heap;
// a fixed value also stops glibc from raising the threshold after each free), and a
// malloc_trim each time an eighth of the limit has been freed: glibc returns only the top
// of the heap by itself, so without it pages freed in the middle stay resident while new
// items touch other free pages (measured: RSS 13 MiB over a 64 MiB limit when a heap
// emptied of small items is refilled with mixed sizes; 1 MiB over with the trim).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>

namespace ringcache::node {

/// Requests at or above this size are served by mmap (set with mallopt).
constexpr std::size_t kMmapThreshold = 64u << 10;

/// Applies the malloc settings above; idempotent, called by every Cache constructor.
void configure_allocator();

/// What a block of `size` requested bytes will cost (glibc chunk arithmetic), before it exists.
std::size_t predicted_charge(std::size_t size);

/// What an allocated block costs, from malloc_usable_size.
std::size_t block_charge(const void* block, std::size_t requested);

class MemoryBudget {
 public:
  explicit MemoryBudget(std::size_t limit)
      : limit_(limit), trim_every_(std::max<std::size_t>(limit / 8, 1u << 20)) {}

  /// Charges `n` bytes if they fit under the limit.
  bool try_charge(std::size_t n);
  /// Charges without checking (fixed structures, or settling a prediction).
  void force_charge(std::size_t n) { used_.fetch_add(n, std::memory_order_relaxed); }
  /// Uncharges freed bytes; returns true when it is time to give free pages back (trim).
  bool release(std::size_t n);

  std::size_t used() const { return used_.load(std::memory_order_relaxed); }
  std::size_t limit() const { return limit_; }
  /// Bytes over the limit after charging `n` more (0 when it would fit).
  std::size_t shortfall(std::size_t n) const;

 private:
  std::atomic<std::size_t> used_{0};
  std::atomic<std::size_t> freed_since_trim_{0};
  std::size_t limit_;
  std::size_t trim_every_;
};

/// Allocates a block and charges it; nullptr (nothing charged) when the budget is full,
/// with the charge that must fit for a retry to succeed in `*charge_needed`.
void* budget_alloc(MemoryBudget& budget, std::size_t size, bool zero = false,
                   std::size_t* charge_needed = nullptr);
/// Frees a block from budget_alloc and releases its charge.
void budget_free(MemoryBudget& budget, void* block, std::size_t requested);

}  // namespace ringcache::node
