#include "proxy/config/route_tree.h"

#include <algorithm>
#include <stdexcept>

#include "common/config/host_port.h"

namespace ringcache::proxy {

std::shared_ptr<const RouteTree> RouteTree::build(common::ClusterConfig config,
                                                  uint64_t generation) {
  std::shared_ptr<RouteTree> tree(new RouteTree());
  tree->generation_ = generation;
  for (const common::PoolConfig& pool : config.pools) {
    PoolRoute route{pool.name, common::HashRing(pool.nodes, pool.hash), {}};
    for (const common::RingNode& node : pool.nodes) {
      std::string address = common::format_host_port(node.host, node.port);
      if (std::find(tree->all_addresses_.begin(), tree->all_addresses_.end(), address) ==
          tree->all_addresses_.end()) {
        tree->all_addresses_.push_back(address);
      }
      route.addresses.push_back(std::move(address));
    }
    tree->pools_.push_back(std::move(route));
  }
  for (const common::ListenerConfig& listener : config.listeners) {
    std::size_t index = 0;
    if (!listener.pool.empty()) {
      while (index < tree->pools_.size() && tree->pools_[index].name != listener.pool) ++index;
    }
    if (index >= tree->pools_.size()) {
      throw std::invalid_argument("listener " + listener.address + ":" +
                                  std::to_string(listener.port) + " has no pool");
    }
    tree->listener_pools_.push_back(index);
  }
  tree->config_ = std::move(config);
  return tree;
}

}  // namespace ringcache::proxy
