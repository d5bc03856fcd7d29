// NodeHealth: what every worker thread knows about one cache node, shared by all of them.
//
// Up/down: a node goes down on a refused or reset connection, or after
// `consecutive_timeouts` timeouts in a row (any worker's), unless the cascade guard says no:
// when marking it would put more than `max_down_share` of one of its pools down, the node
// stays up and is tried normally (fail open). While down, backends answer kDown at once.
// One probe at a time (any worker may run it, see NodeProber) brings the node back; between
// failed probes the wait grows from probe_backoff_min_ms to probe_backoff_max_ms, jittered.
//
// Missed writes: a write answered kDown, or failed with kFailed/kTimeout, may leave the node
// holding a value the client has since replaced or deleted. The node is then flushed
// (flush_all) before traffic returns to it. Why flush rather than replay deletes: a backend
// sees request bytes, not keys, and remembering every missed key while a node is down has no
// memory bound; a node that was down long enough to miss writes usually lost or outlived its
// cache anyway, and a cold node is correct where a half-replayed one may not be.
// Race-free by construction: marking up and recording a write answered kDown take the same
// lock, so a kDown write is either seen by the probe (which flushes) or sent normally.
//
// Threads: the fast path (is_down, counters) is atomics; transitions take the node's mutex,
// then the pool-wide CascadeGuard's (always in that order).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/config/cluster_config.h"
#include "common/net/client_connection.h"
#include "common/protocol/response.h"
#include "proxy/backend/backoff.h"

namespace ringcache::proxy {

/// Counters and state of one node, for `stats proxy`.
struct NodeHealthSnapshot {
  std::string address;
  bool down = false;
  bool missed_writes = false;  ///< a flush_all is owed before traffic returns
  bool probing = false;
  uint32_t consecutive_timeouts = 0;
  int64_t down_ms = 0;        ///< how long it has been down (0 when up)
  uint64_t requests = 0;      ///< send() calls, all workers
  uint64_t failures = 0;      ///< answered kFailed
  uint64_t timeouts = 0;      ///< answered kTimeout (and connects that timed out)
  uint64_t fast_fails = 0;    ///< answered kDown
  uint64_t reconnects = 0;    ///< connects after a backend's first
  uint64_t marked_down = 0;   ///< up -> down transitions
  uint64_t guard_refusals = 0;  ///< markings the cascade guard refused
  uint64_t probes = 0;        ///< probe attempts
  uint64_t flushes = 0;       ///< flush_all sent on recovery
  std::string last_error;
};

/// The pools' membership and which of their nodes are down: the cascade guard. Shared by
/// the NodeHealth objects of one registry; its lock nests inside a node's lock.
class CascadeGuard {
 public:
  /// `pools`: member addresses of each pool. Nodes down and still listed stay down.
  void configure(const common::FailureDetectionConfig& settings,
                 std::vector<std::vector<std::string>> pools);
  common::FailureDetectionConfig settings() const;
  /// Whether `address` may go down without putting more than max_down_share of one of its
  /// pools down; if so, it is recorded down (a node outside every pool always may).
  bool try_set_down(const std::string& address);
  void set_up(const std::string& address);

 private:
  bool listed(const std::string& address) const;  // holds mutex_

  mutable std::mutex mutex_;
  common::FailureDetectionConfig settings_;      // guarded by mutex_
  std::vector<std::vector<std::string>> pools_;  // guarded
  std::unordered_set<std::string> down_;         // guarded
};

class NodeHealth {
 public:
  using Clock = std::chrono::steady_clock;

  NodeHealth(std::string address, std::shared_ptr<CascadeGuard> guard);
  NodeHealth(const NodeHealth&) = delete;
  NodeHealth& operator=(const NodeHealth&) = delete;

  const std::string& address() const { return address_; }
  bool is_down() const { return down_.load(std::memory_order_acquire); }
  /// Bumped each time the node comes back up (backends drop their reconnect backoff).
  uint64_t up_epoch() const { return up_epoch_.load(std::memory_order_acquire); }

  /// The failure-detection settings now in force.
  common::FailureDetectionConfig settings() const { return guard_->settings(); }
  /// Where to connect; resolves `address` (blocking for names) when not done yet.
  std::optional<common::Endpoint> endpoint(std::string* error = nullptr);

  // Outcomes, any thread.
  void count_request() { requests_.fetch_add(1, std::memory_order_relaxed); }
  void count_reconnect() { reconnects_.fetch_add(1, std::memory_order_relaxed); }
  /// Requests answered kFailed.
  void count_failures(uint64_t n) { failures_.fetch_add(n, std::memory_order_relaxed); }
  /// The down path of send(): true (and a write is remembered) while the node is down;
  /// false when it is up (send normally).
  bool answer_down(bool write);
  /// A write failed with kFailed/kTimeout while the node was thought up.
  void note_missed_write();
  /// A reply arrived: the run of timeouts is over.
  void record_success();
  /// Something went wrong that does not mark the node down (shown as last_error).
  void note_error(std::string_view error);
  /// A reply or connect timed out. True when this marked the node down.
  bool record_timeout(std::string_view error);
  /// Connection refused/reset, or the address does not resolve. True when this marked it down.
  bool record_hard_failure(std::string_view error);

  // The probe cycle (NodeProber).
  /// Claims the single probe if the node is down, none is running and one is due.
  bool try_claim_probe(Clock::time_point now);
  /// When the next probe is due (meaningful while down).
  Clock::time_point next_probe_at() const;
  /// The probe got its answer. `flushed`: a flush_all it sent was acknowledged. False (the
  /// claim is kept) when writes were missed and not flushed yet: flush, then call again.
  bool finish_probe_ok(bool flushed);
  /// The probe failed: releases the claim and pushes the next one back.
  void finish_probe_failed(Clock::time_point now, std::string_view error);

  NodeHealthSnapshot snapshot() const;

 private:
  bool try_mark_down();  // holds mutex_
  void set_last_error(std::string_view error);  // holds mutex_

  const std::string address_;
  const std::shared_ptr<CascadeGuard> guard_;

  std::atomic<bool> down_{false};
  std::atomic<uint64_t> up_epoch_{0};
  std::atomic<uint32_t> consecutive_timeouts_{0};
  std::atomic<int64_t> next_probe_ns_{0};  // steady-clock ns of the next probe
  std::atomic<uint64_t> requests_{0}, failures_{0}, timeouts_{0}, fast_fails_{0},
      reconnects_{0}, marked_down_{0}, guard_refusals_{0}, probes_{0}, flushes_{0};

  mutable std::mutex mutex_;
  bool missed_writes_ = false;       // guarded by mutex_
  bool probing_ = false;             // guarded
  Clock::time_point down_since_{};   // guarded
  Backoff probe_backoff_;            // guarded
  std::string last_error_;           // guarded
  std::optional<common::Endpoint> endpoint_;  // guarded
};

/// The requests that change data on a node (a missed one may leave a stale value behind).
bool is_write(common::ResponseExpect expect);

}  // namespace ringcache::proxy
