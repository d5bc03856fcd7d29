// ReclaimPacer: when the node sweeps its cache for expired items.
//
// Expired items are also dropped when a lookup finds them and when eviction reaches them;
// the sweep only returns the memory of items nobody asks for again. A sweep reads every
// item's header (a cache miss each: ~0.1 s for a million items), so sweeping every second
// cost a tenth of a core on a big cache that holds no expiring items at all. Like
// memcached's LRU crawler, the pacer backs off: a sweep that freed nothing doubles the wait
// before the next (up to kMaxWait ticks); one that freed something resets it to one tick.
#pragma once

#include <algorithm>
#include <cstddef>

namespace ringcache::node {

class ReclaimPacer {
 public:
  static constexpr int kMaxWait = 64;  // ticks (seconds in the server)

  /// Called every tick: whether to sweep now.
  bool due() { return --left_ <= 0; }
  /// After a sweep: how many items it freed.
  void swept(std::size_t freed) {
    wait_ = freed > 0 ? 1 : std::min(wait_ * 2, kMaxWait);
    left_ = wait_;
  }
  int wait() const { return wait_; }

 private:
  int wait_ = 1;
  int left_ = 1;
};

}  // namespace ringcache::node
