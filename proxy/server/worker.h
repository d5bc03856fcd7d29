// Worker: what one worker thread's sessions share, touched only on that thread (except the
// counters, which `stats` reads from anywhere): its BackendPool, the RouteTree it routes
// new requests with, and per-node handles resolved once per tree instead of per request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "proxy/access/access_counters.h"
#include "proxy/backend/backend.h"
#include "proxy/config/config_store.h"
#include "proxy/server/proxy_stats.h"

namespace ringcache::proxy {

/// State shared by all workers (read-mostly; counters are per worker).
struct ProxyShared {
  explicit ProxyShared(std::size_t workers);

  std::vector<std::unique_ptr<WorkerCounters>> counters;  // by worker index
  NodeCounterRegistry nodes;
  ConnectionCounters connections;
  access::AccessCounters access;  // denials and authentications (proxy/access)
  int64_t start_time = 0;  // unix seconds
  /// Extra `stats` lines (config reload counters ...), appended after the request counters.
  std::function<void(std::string& out)> extra_stats;
  /// `stats proxy` node lines from the backend side; unset: the proxy's own counters.
  std::function<void(std::string& out)> node_stats;
};

class Worker {
 public:
  Worker(std::size_t index, ProxyShared& shared, std::unique_ptr<BackendPool> backends);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Loop thread: routes new requests with `tree`; closes backends of nodes it no longer
  /// lists and keeps the others (with their connections).
  void install(RouteTreePtr tree);

  /// The tree new requests use (set by install()).
  const RouteTreePtr& tree() const { return tree_; }
  Backend& backend(std::size_t pool, std::size_t node) const { return *pools_[pool][node].backend; }
  NodeCounters::PerWorker& node_counters(std::size_t pool, std::size_t node) const {
    return *pools_[pool][node].counters;
  }
  WorkerCounters& counters() { return *shared_.counters[index_]; }
  ProxyShared& shared() { return shared_; }
  std::size_t index() const { return index_; }

 private:
  struct NodeHandle {
    Backend* backend = nullptr;
    NodeCounters::PerWorker* counters = nullptr;
  };

  std::size_t index_;
  ProxyShared& shared_;
  std::unique_ptr<BackendPool> backends_;
  RouteTreePtr tree_;
  std::vector<std::vector<NodeHandle>> pools_;  // [pool][node], parallel to tree_->pools()
};

}  // namespace ringcache::proxy
