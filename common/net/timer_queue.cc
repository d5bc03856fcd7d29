#include "common/net/timer_queue.h"

#include <algorithm>

namespace ringcache::common {
namespace {

// std::*_heap build a max-heap; "greater" puts the earliest deadline on top (ties: lower id).
struct Later {
  template <class E>
  bool operator()(const E& a, const E& b) const {
    return a.when != b.when ? a.when > b.when : a.id > b.id;
  }
};

}  // namespace

TimerQueue::TimerId TimerQueue::add(Clock::time_point when, std::function<void()> fn) {
  TimerId id = next_id_++;
  callbacks_.emplace(id, std::move(fn));
  heap_.push_back({when, id});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  return id;
}

bool TimerQueue::cancel(TimerId id) {
  if (callbacks_.erase(id) == 0) return false;
  // Keep the heap from filling with dead entries when nearly everything is cancelled.
  if (heap_.size() > 64 && heap_.size() > 4 * callbacks_.size()) {
    std::erase_if(heap_, [this](const Entry& e) { return !callbacks_.contains(e.id); });
    std::make_heap(heap_.begin(), heap_.end(), Later{});
  }
  return true;
}

void TimerQueue::pop_cancelled() {
  while (!heap_.empty() && !callbacks_.contains(heap_.front().id)) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    heap_.pop_back();
  }
}

std::size_t TimerQueue::run_due(Clock::time_point now) {
  std::size_t ran = 0;
  // Timers added while this pass runs (ids from `first_new` on) wait for the next pass, so a
  // timer that re-adds itself at `now` cannot spin here.
  const TimerId first_new = next_id_;
  while (true) {
    pop_cancelled();
    if (heap_.empty() || heap_.front().when > now || heap_.front().id >= first_new) break;
    TimerId id = heap_.front().id;
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    heap_.pop_back();
    auto it = callbacks_.find(id);
    std::function<void()> fn = std::move(it->second);
    callbacks_.erase(it);
    fn();  // may add or cancel timers
    ++ran;
  }
  return ran;
}

std::optional<TimerQueue::Clock::time_point> TimerQueue::next_deadline() {
  pop_cancelled();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().when;
}

}  // namespace ringcache::common
