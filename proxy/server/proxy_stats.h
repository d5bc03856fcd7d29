// The proxy's counters. Each worker thread writes its own (relaxed atomics on their own
// cache lines, so no contention); `stats` on any thread sums them.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ringcache::proxy {

/// Written by one thread, read by any.
class Counter {
 public:
  void add(uint64_t n = 1) {
    v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  uint64_t get() const { return v_.load(std::memory_order_relaxed); }
  void reset() { v_.store(0, std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

/// The proxy's own request counters, counted from what clients asked and got (failover
/// replies included). `stats` shows them as proxy_<memcached name> (kStatNames), since the
/// memcached names carry the nodes' sums (node_stats_sum.h); bytes_read / bytes_written are
/// the proxy's client traffic under memcached's names.
enum class Stat : uint8_t {
  kCmdGet,
  kCmdSet,
  kCmdFlush,
  kCmdTouch,
  kGetHits,
  kGetMisses,
  kDeleteMisses,
  kDeleteHits,
  kIncrMisses,
  kIncrHits,
  kDecrMisses,
  kDecrHits,
  kCasMisses,
  kCasHits,
  kCasBadval,
  kTouchHits,
  kTouchMisses,
  kBytesRead,
  kBytesWritten,
  kBackendRequests,  // requests sent to nodes (a split multi-get counts once per node)
  kFailovers,        // client replies made up because a node was unavailable
  kCount,
};
inline constexpr std::array<std::string_view, static_cast<std::size_t>(Stat::kCount)> kStatNames = {
    "proxy_cmd_get",       "proxy_cmd_set",       "proxy_cmd_flush",    "proxy_cmd_touch",
    "proxy_get_hits",      "proxy_get_misses",    "proxy_delete_misses", "proxy_delete_hits",
    "proxy_incr_misses",   "proxy_incr_hits",     "proxy_decr_misses",  "proxy_decr_hits",
    "proxy_cas_misses",    "proxy_cas_hits",      "proxy_cas_badval",   "proxy_touch_hits",
    "proxy_touch_misses",  "bytes_read",          "bytes_written",      "proxy_backend_requests",
    "proxy_failovers"};

struct alignas(64) WorkerCounters {
  std::array<Counter, static_cast<std::size_t>(Stat::kCount)> counters;
  Counter& operator[](Stat s) { return counters[static_cast<std::size_t>(s)]; }
  const Counter& operator[](Stat s) const { return counters[static_cast<std::size_t>(s)]; }
};

/// One node's counters, one line of them per worker.
class NodeCounters {
 public:
  struct alignas(64) PerWorker {
    Counter requests;  // sent (or answered at once because the node is down)
    Counter failed;    // connection refused/reset, or broke with the request pending
    Counter timeouts;
    Counter down;                      // answered at once: the node was marked down
    std::atomic<bool> is_down{false};  // as this worker saw it last
  };
  explicit NodeCounters(std::size_t workers) : per_worker_(workers) {}
  PerWorker& worker(std::size_t i) { return per_worker_[i]; }
  uint64_t sum(Counter PerWorker::*field) const;
  /// Workers that currently see the node down.
  std::size_t down_workers() const;

 private:
  std::vector<PerWorker> per_worker_;
};

/// Counters of every node ever configured, by "host:port" (kept across reloads).
class NodeCounterRegistry {
 public:
  explicit NodeCounterRegistry(std::size_t workers) : workers_(workers) {}
  /// Any thread: the counters of `address`, created on first use.
  NodeCounters& get(const std::string& address);
  /// Any thread: the counters of `address`, or nullptr when it never had any.
  const NodeCounters* find(const std::string& address) const;

 private:
  std::size_t workers_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<NodeCounters>> nodes_;
};

/// Connection counters, written by the server's control thread (opened) and workers (closed).
struct ConnectionCounters {
  std::atomic<int64_t> current{0};
  std::atomic<uint64_t> total{0};
  std::atomic<uint64_t> rejected{0};
};

}  // namespace ringcache::proxy
