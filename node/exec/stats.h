// Counters behind `stats`. Each worker thread owns one WorkerStats and is its only writer
// (relaxed load+store, no locked instruction); `stats` sums them from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace ringcache::node {

class Counter {
 public:
  void add(uint64_t n = 1) { v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
  uint64_t get() const { return v_.load(std::memory_order_relaxed); }
  void reset() { v_.store(0, std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

// Counters written by many threads (connections come and go on any worker).
class SharedCounter {
 public:
  void add(int64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  int64_t get() const { return v_.load(std::memory_order_relaxed); }
  void reset() { v_.store(0, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> v_{0};
};

// X-macro: one line per per-worker counter, named as in memcached's `stats`.
#define RINGCACHE_WORKER_COUNTERS(X)                                              \
  X(cmd_get) X(cmd_set) X(cmd_flush) X(cmd_touch) X(cmd_meta)                      \
  X(get_hits) X(get_misses) X(get_expired) X(get_flushed)                          \
  X(delete_misses) X(delete_hits) X(incr_misses) X(incr_hits)                      \
  X(decr_misses) X(decr_hits) X(cas_misses) X(cas_hits) X(cas_badval)              \
  X(touch_hits) X(touch_misses) X(store_too_large) X(store_no_memory)              \
  X(auth_cmds) X(auth_errors) X(bytes_read) X(bytes_written)

struct WorkerStats {
#define RINGCACHE_DECLARE(name) Counter name;
  RINGCACHE_WORKER_COUNTERS(RINGCACHE_DECLARE)
#undef RINGCACHE_DECLARE
  void reset() {
#define RINGCACHE_RESET(name) name.reset();
    RINGCACHE_WORKER_COUNTERS(RINGCACHE_RESET)
#undef RINGCACHE_RESET
  }
};

// Process-wide connection counters, updated by the listeners and connections.
struct ConnectionStats {
  SharedCounter curr_connections;
  SharedCounter total_connections;
  SharedCounter rejected_connections;
  SharedCounter connection_structures;
};

}  // namespace ringcache::node
