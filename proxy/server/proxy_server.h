// run_proxy: the proxy process. Wires the configuration store, one Worker (BackendPool +
// RouteTree) per worker thread, ProxySession per client connection and the network Server;
// reloads the configuration on SIGHUP and when its file changes (config_store.h).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/config/cluster_config.h"
#include "common/net/event_loop.h"
#include "proxy/backend/backend.h"
#include "proxy/config/config_loader.h"

namespace ringcache::proxy {

/// How the proxy reaches the backend side (proxy/backend), kept behind functions so tests
/// and the binary can plug in different pools.
struct BackendHooks {
  /// Makes one worker's pool, on that worker's loop thread.
  std::function<std::unique_ptr<BackendPool>(common::EventLoop& loop)> make_pool;
  /// Control thread, on reload: a validated configuration is about to be swapped in.
  std::function<void(const common::ClusterConfig& config)> on_config;
  /// `stats proxy` node lines ("STAT ..."); when unset the proxy's own counters are used.
  std::function<void(std::string& out)> node_stats;
};

struct ProxyOptions {
  ConfigSource source;                   // where the configuration came from (for reloads)
  int threads = 1;                       // worker threads (nutcracker: 1)
  int verbose = 0;                       // -v: reloads and listeners; -vv: connections
  std::size_t max_item_size = 1u << 20;  // as memcached -I: larger sets are refused
  std::size_t max_pending = 64;          // per client: replies owed before reading pauses
  int max_connections = 0;               // 0: no limit
};

/// Serves `config` until SIGTERM/SIGINT; returns the exit code.
int run_proxy(const ProxyOptions& options, common::ClusterConfig config, BackendHooks hooks);

}  // namespace ringcache::proxy
