#include "proxy/backend/backoff.h"

#include <algorithm>
#include <random>
#include <thread>

namespace ringcache::proxy {
namespace {

double jitter_factor() {
  // One generator per thread: no lock, and threads draw different sequences.
  thread_local std::minstd_rand rng(
      std::random_device{}() ^
      static_cast<unsigned>(std::hash<std::thread::id>{}(std::this_thread::get_id())));
  return std::uniform_real_distribution<double>(0.5, 1.0)(rng);
}

}  // namespace

Backoff::Backoff(Duration min, Duration max) : min_(min), max_(max), step_(min) {
  set_bounds(min, max);
  reset();
}

void Backoff::set_bounds(Duration min, Duration max) {
  min_ = std::max(min, Duration{1});
  max_ = std::max(max, min_);
  step_ = std::clamp(step_, first_step(), max_);
}

Backoff::Duration Backoff::first_step() const { return std::min(max_, min_ * 2); }

Backoff::Duration Backoff::next() {
  auto wait = Duration{static_cast<Duration::rep>(step_.count() * jitter_factor())};
  wait = std::clamp(wait, min_, max_);
  step_ = std::min(max_, step_ * 2);
  return wait;
}

}  // namespace ringcache::proxy
