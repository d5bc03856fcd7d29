// HealthRegistry: the process-wide NodeHealth objects, one per node address, built from the
// cluster configuration and shared by every worker's BackendPool.
//
// Reload: update() keeps the health (state, counters, missed writes) of nodes still listed,
// creates it for new ones and forgets removed ones (backends still holding those keep a
// detached object until their pool's retain() drops them). Timeouts and failure-detection
// settings take effect for new connections and at the pools' next retain().
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/config/cluster_config.h"
#include "proxy/backend/node_health.h"

namespace ringcache::proxy {

/// The address a backend and its health are known by: "host:port" ("[v6]:port").
std::string node_address(const common::RingNode& node);

class HealthRegistry {
 public:
  /// Resolves node names (blocking): build it off the worker threads.
  explicit HealthRegistry(const common::ClusterConfig& config);
  HealthRegistry(const HealthRegistry&) = delete;
  HealthRegistry& operator=(const HealthRegistry&) = delete;

  /// After a validated reload (resolves new names, blocking).
  void update(const common::ClusterConfig& config);
  /// Any thread: the health of `address`; one outside every pool is created on demand.
  std::shared_ptr<NodeHealth> get(const std::string& address);
  /// Any thread: the current timeouts.
  common::TimeoutConfig timeouts() const;
  /// Any thread: every configured node, in configuration order (then others by address).
  std::vector<NodeHealthSnapshot> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<CascadeGuard> guard_;
  common::TimeoutConfig timeouts_;                                     // guarded by mutex_
  std::vector<std::string> order_;                                     // guarded
  std::unordered_map<std::string, std::shared_ptr<NodeHealth>> nodes_;  // guarded
};

}  // namespace ringcache::proxy
