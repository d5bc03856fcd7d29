// RouteTree: one immutable snapshot of the proxy's routing configuration, built from a
// validated ClusterConfig off the hot path: a hash ring per pool, the pool of each listener,
// and the settings requests read (failover reply, timeouts). Never changed after build();
// a reload builds a new tree and swaps it in (config_store.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/config/cluster_config.h"
#include "common/hash/hash_ring.h"

namespace ringcache::proxy {

/// One pool: its ring and, parallel to ring.nodes(), each node's "host:port".
struct PoolRoute {
  std::string name;
  common::HashRing ring;
  std::vector<std::string> addresses;
};

class RouteTree {
 public:
  /// Builds the tree; throws std::invalid_argument when the config cannot be routed
  /// (parse_cluster_config already rejects every such config).
  static std::shared_ptr<const RouteTree> build(common::ClusterConfig config,
                                                uint64_t generation = 1);

  const common::ClusterConfig& config() const { return config_; }
  /// Increases with every configuration applied (for stats and logs).
  uint64_t generation() const { return generation_; }

  const std::vector<PoolRoute>& pools() const { return pools_; }
  /// The pool serving listener `index` (an index into config().listeners).
  std::size_t listener_pool(std::size_t index) const { return listener_pools_.at(index); }
  /// Every node address of every pool, each once.
  const std::vector<std::string>& all_addresses() const { return all_addresses_; }

 private:
  RouteTree() = default;

  common::ClusterConfig config_;
  uint64_t generation_ = 0;
  std::vector<PoolRoute> pools_;
  std::vector<std::size_t> listener_pools_;
  std::vector<std::string> all_addresses_;
};

}  // namespace ringcache::proxy
