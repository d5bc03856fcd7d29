// ConfigWatcher: applies a changed configuration file while the proxy runs (SIGHUP, or the
// file's mtime/size changing, checked every second). Runs on the control thread; see
// config_store.h for the whole reload sequence.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "proxy/config/config_loader.h"
#include "proxy/config/config_store.h"

namespace ringcache::proxy {

class ConfigWatcher {
 public:
  using Log = std::function<void(const std::string& line)>;

  /// `source` is what the running tree was loaded from; `log` gets one line per event.
  ConfigWatcher(ConfigSource source, ConfigStore& store, Log log);

  /// Loads the file again and swaps it in when valid; `why` goes to the log ("SIGHUP").
  /// Returns true when a new tree is now current.
  bool reload(std::string_view why);
  /// Reloads when the file changed since the last look (mtime or size). Returns reload()'s
  /// result, false when unchanged.
  bool poll();

  /// Counters for `stats`.
  uint64_t reloads() const { return reloads_.load(std::memory_order_relaxed); }
  uint64_t failed_reloads() const { return failed_.load(std::memory_order_relaxed); }

 private:
  struct Stamp {
    int64_t mtime_ns = -1;
    int64_t size = -1;
    bool operator==(const Stamp&) const = default;
  };
  Stamp stamp() const;

  ConfigSource source_;
  ConfigStore& store_;
  Log log_;
  Stamp seen_;
  std::atomic<uint64_t> reloads_{0};
  std::atomic<uint64_t> failed_{0};
};

}  // namespace ringcache::proxy
