#include "proxy/server/worker.h"

#include <ctime>

namespace ringcache::proxy {

ProxyShared::ProxyShared(std::size_t workers) : nodes(workers), start_time(std::time(nullptr)) {
  for (std::size_t i = 0; i < workers; ++i) counters.push_back(std::make_unique<WorkerCounters>());
}

Worker::Worker(std::size_t index, ProxyShared& shared, std::unique_ptr<BackendPool> backends)
    : index_(index), shared_(shared), backends_(std::move(backends)) {}

Worker::~Worker() {
  // Backends may fail their pending requests as they close: let that happen while the
  // handles those callbacks might look at are still here.
  backends_.reset();
}

void Worker::install(RouteTreePtr tree) {
  backends_->retain(tree->all_addresses());
  std::vector<std::vector<NodeHandle>> pools;
  for (const PoolRoute& pool : tree->pools()) {
    std::vector<NodeHandle>& handles = pools.emplace_back();
    for (const std::string& address : pool.addresses) {
      handles.push_back({&backends_->get(address), &shared_.nodes.get(address).worker(index_)});
    }
  }
  pools_ = std::move(pools);
  tree_ = std::move(tree);
}

}  // namespace ringcache::proxy
