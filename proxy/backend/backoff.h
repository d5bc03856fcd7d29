// Jittered exponential backoff, for reconnects and probes.
//
// next() returns the current step scaled by a random factor in [0.5, 1] (never below the
// minimum), then doubles the step up to the maximum. The step starts at twice the minimum,
// so every wait lies in [min, max], the first in [min, 2 min] and the late ones in
// [max/2, max]: a crowd of workers (or proxies) that failed together spreads out instead of
// retrying in step.
#pragma once

#include <chrono>

namespace ringcache::proxy {

class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  Backoff(Duration min = Duration{100}, Duration max = Duration{10'000});
  /// New bounds (max is raised to min if below it); the step is clamped into them.
  void set_bounds(Duration min, Duration max);
  /// The wait before the next attempt; grows the step for the one after.
  Duration next();
  /// Back to the minimum (after a success).
  void reset() { step_ = first_step(); }
  Duration step() const { return step_; }
  Duration min() const { return min_; }
  Duration max() const { return max_; }

 private:
  Duration first_step() const;

  Duration min_;
  Duration max_;
  Duration step_;
};

}  // namespace ringcache::proxy
