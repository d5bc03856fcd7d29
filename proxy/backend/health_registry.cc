#include "proxy/backend/health_registry.h"

#include <algorithm>
#include <unordered_set>

#include "common/config/host_port.h"

namespace ringcache::proxy {

std::string node_address(const common::RingNode& node) {
  return common::format_host_port(node.host, node.port);
}

HealthRegistry::HealthRegistry(const common::ClusterConfig& config)
    : guard_(std::make_shared<CascadeGuard>()) {
  update(config);
}

void HealthRegistry::update(const common::ClusterConfig& config) {
  std::vector<std::vector<std::string>> pools;
  std::vector<std::string> order;
  std::unordered_set<std::string> seen;
  for (const auto& pool : config.pools) {
    auto& members = pools.emplace_back();
    for (const auto& node : pool.nodes) {
      members.push_back(node_address(node));
      if (seen.insert(members.back()).second) order.push_back(members.back());
    }
  }
  std::unordered_map<std::string, std::shared_ptr<NodeHealth>> nodes;
  {
    std::lock_guard lock(mutex_);
    for (const auto& address : order) {
      auto it = nodes_.find(address);
      auto health = it != nodes_.end() ? it->second : std::make_shared<NodeHealth>(address, guard_);
      nodes.emplace(address, std::move(health));
    }
    nodes_ = nodes;
    order_ = order;
    timeouts_ = config.timeouts;
    guard_->configure(config.failure_detection, std::move(pools));
  }
  // Resolve outside the lock (names block): a node that does not resolve is tried again
  // when a backend connects, and marked down if it still does not.
  for (auto& [address, health] : nodes) health->endpoint();
}

std::shared_ptr<NodeHealth> HealthRegistry::get(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto& slot = nodes_[address];
  if (!slot) slot = std::make_shared<NodeHealth>(address, guard_);
  return slot;
}

common::TimeoutConfig HealthRegistry::timeouts() const {
  std::lock_guard lock(mutex_);
  return timeouts_;
}

std::vector<NodeHealthSnapshot> HealthRegistry::snapshot() const {
  std::vector<std::shared_ptr<NodeHealth>> nodes;
  {
    std::lock_guard lock(mutex_);
    for (const auto& address : order_) nodes.push_back(nodes_.at(address));
    std::vector<std::string> others;
    for (const auto& [address, health] : nodes_) {
      if (std::find(order_.begin(), order_.end(), address) == order_.end()) {
        others.push_back(address);
      }
    }
    std::sort(others.begin(), others.end());
    for (const auto& address : others) nodes.push_back(nodes_.at(address));
  }
  std::vector<NodeHealthSnapshot> out;
  out.reserve(nodes.size());
  for (const auto& health : nodes) out.push_back(health->snapshot());
  return out;
}

}  // namespace ringcache::proxy
