// Time as the cache sees it: whole unix seconds, read cheaply on every request.
#pragma once

#include <atomic>
#include <cstdint>

namespace ringcache::common {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now() const = 0;  // unix time in seconds
};

// The process clock: a cached value that tick() refreshes (a timer calls it each second,
// or more often), so now() is one relaxed atomic load.
class SystemClock final : public Clock {
 public:
  SystemClock();
  int64_t now() const override { return now_.load(std::memory_order_relaxed); }
  void tick();

 private:
  std::atomic<int64_t> now_;
};

// A clock that tests move by hand.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start = 1'700'000'000) : now_(start) {}
  int64_t now() const override { return now_.load(std::memory_order_relaxed); }
  void advance(int64_t seconds) { now_.fetch_add(seconds, std::memory_order_relaxed); }
  void set(int64_t t) { now_.store(t, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace ringcache::common
