#include "proxy/config/config_watcher.h"

#include <sys/stat.h>

#include <exception>

namespace ringcache::proxy {

ConfigWatcher::ConfigWatcher(ConfigSource source, ConfigStore& store, Log log)
    : source_(std::move(source)), store_(store), log_(std::move(log)) {
  seen_ = stamp();
}

ConfigWatcher::Stamp ConfigWatcher::stamp() const {
  struct stat st {};
  if (source_.path.empty() || ::stat(source_.path.c_str(), &st) != 0) return {};
  return {static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          static_cast<int64_t>(st.st_size)};
}

bool ConfigWatcher::reload(std::string_view why) {
  const std::string prefix = "config reload (" + std::string(why) + "): ";
  if (source_.path.empty()) {
    log_(prefix + "ignored: no --config file");
    return false;
  }
  seen_ = stamp();
  LoadResult loaded = load_config(source_);
  RouteTreePtr current = store_.snapshot();
  if (loaded.ok()) {
    if (std::string why_not = listeners_changed(current->config(), loaded.config);
        !why_not.empty()) {
      loaded.errors.push_back(why_not);
    }
  }
  RouteTreePtr next;
  if (loaded.ok()) {
    try {
      next = RouteTree::build(std::move(loaded.config), current->generation() + 1);
    } catch (const std::exception& e) {
      loaded.errors.push_back(e.what());
    }
  }
  if (!next) {
    failed_.fetch_add(1, std::memory_order_relaxed);
    for (const std::string& e : loaded.errors)
      log_(prefix + "rejected, keeping the last good config: " + e);
    return false;
  }
  store_.swap(next);
  reloads_.fetch_add(1, std::memory_order_relaxed);
  log_(prefix + "applied " + source_.path + " (generation " + std::to_string(next->generation()) +
       ")");
  return true;
}

bool ConfigWatcher::poll() {
  if (source_.path.empty() || stamp() == seen_) return false;
  return reload("file changed");
}

}  // namespace ringcache::proxy
