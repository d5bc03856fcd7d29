// ConfigStore: the current RouteTree, swapped whole.
//
// Reload, step by step:
//   1. The control thread (SIGHUP, or the 1 s file watch in config_watcher.h) reads, parses,
//      validates and builds a new RouteTree; nothing on a worker waits for that.
//   2. Invalid (bad JSON, a failed check, listeners changed): logged, the current tree stays.
//   3. Valid: swap() replaces the pointer under a mutex and tells every subscriber; the proxy
//      server subscribes each worker, which installs the tree on its own loop thread (drops
//      backends of removed nodes, keeps the others' connections).
//   4. A request is routed wholly on the tree current when it is parsed: its node, its split
//      and the reply it gets if the node fails are fixed then, so requests in flight finish
//      as the old tree routed them and nothing in flight needs the old tree afterwards. Any
//      other holder of a snapshot() keeps it alive as long as it needs it.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "proxy/config/route_tree.h"

namespace ringcache::proxy {

using RouteTreePtr = std::shared_ptr<const RouteTree>;

class ConfigStore {
 public:
  using Subscriber = std::function<void(const RouteTreePtr&)>;

  explicit ConfigStore(RouteTreePtr initial) : current_(std::move(initial)) {}

  /// Any thread: the current tree.
  RouteTreePtr snapshot() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  /// Makes `next` current and passes it to every subscriber (on the calling thread).
  void swap(RouteTreePtr next);
  /// Called with every tree swapped in after this call.
  void subscribe(Subscriber fn);

 private:
  mutable std::mutex mutex_;
  RouteTreePtr current_;
  std::vector<Subscriber> subscribers_;
};

}  // namespace ringcache::proxy
