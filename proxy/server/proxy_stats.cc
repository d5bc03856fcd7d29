#include "proxy/server/proxy_stats.h"

namespace ringcache::proxy {

uint64_t NodeCounters::sum(Counter PerWorker::*field) const {
  uint64_t total = 0;
  for (const PerWorker& w : per_worker_) total += (w.*field).get();
  return total;
}

std::size_t NodeCounters::down_workers() const {
  std::size_t n = 0;
  for (const PerWorker& w : per_worker_) n += w.is_down.load(std::memory_order_relaxed) ? 1 : 0;
  return n;
}

NodeCounters& NodeCounterRegistry::get(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto& slot = nodes_[address];
  if (!slot) slot = std::make_unique<NodeCounters>(workers_);
  return *slot;
}

const NodeCounters* NodeCounterRegistry::find(const std::string& address) const {
  std::lock_guard lock(mutex_);
  auto it = nodes_.find(address);
  return it == nodes_.end() ? nullptr : it->second.get();
}

}  // namespace ringcache::proxy
