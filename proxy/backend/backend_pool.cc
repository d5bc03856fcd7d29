#include "proxy/backend/backend_pool.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "proxy/backend/backend_connection.h"

namespace ringcache::proxy {
namespace {

class WorkerBackendPool final : public BackendPool {
 public:
  WorkerBackendPool(common::EventLoop& loop, std::shared_ptr<HealthRegistry> registry,
                    const BackendOptions& options)
      : loop_(loop),
        registry_(std::move(registry)),
        options_(options),
        timeouts_(registry_->timeouts()) {}

  Backend& get(const std::string& address) override {
    auto& slot = backends_[address];
    if (!slot) {
      slot = std::make_unique<BackendConnection>(loop_, registry_->get(address), options_,
                                                 timeouts_);
    }
    return *slot;
  }

  void retain(const std::vector<std::string>& addresses) override {
    timeouts_ = registry_->timeouts();
    std::unordered_set<std::string> keep(addresses.begin(), addresses.end());
    for (auto it = backends_.begin(); it != backends_.end();) {
      // A node removed and added back between two retains has a new health object.
      bool same = keep.contains(it->first) && registry_->get(it->first) == it->second->health();
      if (same) {
        it->second->set_timeouts(timeouts_);
        ++it;
        continue;
      }
      retire(std::move(it->second));
      it = backends_.erase(it);
    }
  }

 private:
  // Requests already sent to a node that left the configuration finish on its connection;
  // the backend is destroyed once they have (after the loop iteration, since the last
  // reply callback is still on the stack then).
  void retire(std::unique_ptr<BackendConnection> backend) {
    BackendConnection* raw = backend.get();
    draining_.push_back(std::move(backend));
    raw->drain([this, raw] {
      auto it = std::find_if(draining_.begin(), draining_.end(),
                             [raw](const auto& b) { return b.get() == raw; });
      loop_.post([dead = std::shared_ptr<BackendConnection>(std::move(*it))] {});
      draining_.erase(it);
    });
  }

  common::EventLoop& loop_;
  const std::shared_ptr<HealthRegistry> registry_;  // outlives the backends (declared first)
  const BackendOptions options_;
  common::TimeoutConfig timeouts_;
  std::unordered_map<std::string, std::unique_ptr<BackendConnection>> backends_;
  // Removed nodes' backends with requests still pending; destroyed (failing those) with the
  // pool, so declared after backends_ and destroyed before it.
  std::vector<std::unique_ptr<BackendConnection>> draining_;
};

}  // namespace

std::unique_ptr<BackendPool> make_backend_pool(common::EventLoop& loop,
                                               std::shared_ptr<HealthRegistry> registry,
                                               const BackendOptions& options) {
  return std::make_unique<WorkerBackendPool>(loop, std::move(registry), options);
}

}  // namespace ringcache::proxy
