// TimerQueue: one-shot timers on a min-heap, for one thread (an EventLoop). Cancelling is
// O(1) (the heap entry is dropped lazily when it reaches the top), so per-request timeouts
// that almost always get cancelled stay cheap.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ringcache::common {

class TimerQueue {
 public:
  using Clock = std::chrono::steady_clock;
  using TimerId = uint64_t;

  /// Schedules fn at `when`; the id is never 0 and never reused.
  TimerId add(Clock::time_point when, std::function<void()> fn);
  /// Returns false when the timer already ran or was cancelled.
  bool cancel(TimerId id);
  /// Runs every timer due at `now`, earliest first; timers they add run on a later call.
  std::size_t run_due(Clock::time_point now);
  /// Deadline of the earliest live timer.
  std::optional<Clock::time_point> next_deadline();
  /// Number of live timers.
  std::size_t size() const { return callbacks_.size(); }

 private:
  struct Entry {
    Clock::time_point when;
    TimerId id;
  };
  void pop_cancelled();

  std::vector<Entry> heap_;  // min-heap on (when, id)
  std::unordered_map<TimerId, std::function<void()>> callbacks_;
  TimerId next_id_ = 1;
};

}  // namespace ringcache::common
