#include "proxy/config/config_store.h"

namespace ringcache::proxy {

void ConfigStore::swap(RouteTreePtr next) {
  std::vector<Subscriber> subscribers;
  {
    std::lock_guard lock(mutex_);
    current_ = next;
    subscribers = subscribers_;
  }
  for (const Subscriber& fn : subscribers) fn(next);
}

void ConfigStore::subscribe(Subscriber fn) {
  std::lock_guard lock(mutex_);
  subscribers_.push_back(std::move(fn));
}

}  // namespace ringcache::proxy
