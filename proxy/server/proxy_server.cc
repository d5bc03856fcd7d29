#include "proxy/server/proxy_server.h"

#include <chrono>
#include <cstdio>
#include <unordered_map>
#include <vector>

#include "common/net/connection.h"
#include "common/net/server.h"
#include "common/protocol/text_writer.h"
#include "proxy/config/config_watcher.h"
#include "proxy/server/proxy_session.h"

namespace ringcache::proxy {
namespace {

using namespace std::chrono_literals;

constexpr int kExitOsError = 71;  // EX_OSERR, as the node when it cannot listen
// Descriptors kept from clients beyond the node connections: configuration reloads, and the
// pipes a sanitizer runtime opens to check and report.
constexpr int kDescriptorHeadroom = 8;

void log_line(const std::string& line) {
  std::fprintf(stderr, "ringcache-proxy: %s\n", line.c_str());
  std::fflush(stderr);
}

// Out of descriptors, the proxy could not open its connections to the nodes and would mark
// healthy nodes down: keep one per worker and node, and one for its probe, from the clients.
int reserved_descriptors(int threads, const common::ClusterConfig& c) {
  std::size_t nodes = 0;
  for (const common::PoolConfig& pool : c.pools) nodes += pool.nodes.size();
  return kDescriptorHeadroom + 2 * threads * static_cast<int>(nodes);
}

common::ServerOptions server_options(const ProxyOptions& o, const common::ClusterConfig& c) {
  common::ServerOptions s;
  for (const common::ListenerConfig& l : c.listeners) {
    common::ListenerSpec spec;
    spec.host = l.address;
    spec.port = l.port;
    s.listeners.push_back(spec);
  }
  s.threads = std::max(1, o.threads);
  s.max_connections = o.max_connections;
  s.reserved_descriptors = reserved_descriptors(s.threads, c);
  s.connection.max_read_buffer = std::max<std::size_t>(64u << 20, 2 * o.max_item_size + (1u << 20));
  return s;
}

common::Server::Hooks connection_hooks(ConnectionCounters& counters, int verbose) {
  common::Server::Hooks hooks;
  hooks.opened = [&counters, verbose](const common::Connection& c) {
    counters.current.fetch_add(1, std::memory_order_relaxed);
    counters.total.fetch_add(1, std::memory_order_relaxed);
    if (verbose > 1) log_line("new client " + c.peer_address());
  };
  hooks.closed = [&counters, verbose](const common::Connection& c) {
    counters.current.fetch_sub(1, std::memory_order_relaxed);
    if (verbose > 1) log_line("closed client " + c.peer_address());
  };
  hooks.rejected = [&counters] { counters.rejected.fetch_add(1, std::memory_order_relaxed); };
  return hooks;
}

// Which listener (index into config().listeners) a connection came in on, by the local
// address its listening socket reports. Filled after open(), read-only afterwards.
using ListenerIndex = std::unordered_map<std::string, std::size_t>;

ListenerIndex announce_listeners(const common::Server& server, const common::ClusterConfig& c,
                                 int verbose) {
  ListenerIndex index;
  for (const common::ListenerInfo& l : server.listeners()) {
    index.emplace(l.address, l.spec);
    // With port 0 the OS picks the port: tell whoever started us (tests, scripts).
    if (c.listeners[l.spec].port == 0 || verbose > 0) {
      const bool v6 = l.host.find(':') != std::string::npos;
      std::printf("listening on %s%s%s:%d\n", v6 ? "[" : "", l.host.c_str(), v6 ? "]" : "", l.port);
    }
  }
  std::fflush(stdout);
  return index;
}

SessionLimits session_limits(const ProxyOptions& o) {
  SessionLimits limits;
  limits.parser.max_value = o.max_item_size;
  limits.max_pending = o.max_pending;
  return limits;
}

}  // namespace

int run_proxy(const ProxyOptions& options, common::ClusterConfig config, BackendHooks hooks) {
  common::ServerOptions server_opts = server_options(options, config);
  const std::size_t threads = static_cast<std::size_t>(server_opts.threads);
  ConfigStore store(RouteTree::build(std::move(config)));
  ProxyShared shared(threads);
  shared.node_stats = hooks.node_stats;
  std::vector<std::unique_ptr<Worker>> workers(threads);
  ListenerIndex listener_index;
  const SessionLimits limits = session_limits(options);

  common::Server server(
      std::move(server_opts),
      [&](common::SessionControl& control,
          std::size_t w) -> std::unique_ptr<common::SessionHandler> {
        std::size_t listener = 0;
        if (auto* conn = dynamic_cast<common::Connection*>(&control)) {
          if (auto it = listener_index.find(conn->local_address()); it != listener_index.end()) {
            listener = it->second;
          }
        }
        auto session = std::make_shared<ProxySession>(*workers[w], control, listener, limits);
        return make_proxy_handler(std::move(session));
      },
      connection_hooks(shared.connections, options.verbose));
  if (std::string error = server.open(); !error.empty()) {
    log_line(error);
    return kExitOsError;
  }
  listener_index = announce_listeners(server, store.snapshot()->config(), options.verbose);

  // Each worker builds its pool and takes the tree on its own thread, before any client.
  for (std::size_t i = 0; i < threads; ++i) {
    common::EventLoop& loop = server.worker_loop(i);
    loop.post([&, i, &loop = loop] {
      workers[i] = std::make_unique<Worker>(i, shared, hooks.make_pool(loop));
      workers[i]->install(store.snapshot());
    });
  }
  if (hooks.on_config)
    store.subscribe([&](const RouteTreePtr& t) { hooks.on_config(t->config()); });
  store.subscribe([&](const RouteTreePtr& tree) {
    for (std::size_t i = 0; i < threads; ++i) {
      server.worker_loop(i).post([&workers, i, tree] { workers[i]->install(tree); });
    }
  });

  ConfigWatcher watcher(options.source, store, log_line);
  shared.extra_stats = [&watcher, &shared, &store](std::string& out) {
    common::text::append_stat(out, "proxy_config_reloads", watcher.reloads());
    common::text::append_stat(out, "proxy_config_reload_failures", watcher.failed_reloads());
    shared.access.write_stats(store.snapshot()->config(), out);
  };
  server.on_hangup([&watcher] { watcher.reload("SIGHUP"); });
  if (!options.source.path.empty()) server.every(1000ms, [&watcher] { watcher.poll(); });

  const int rc = server.run();
  // The worker threads are gone: run each loop once more on this thread to destroy its
  // worker there, together with whatever the backends defer to their loop as they close.
  for (std::size_t i = 0; i < threads; ++i) {
    common::EventLoop& loop = server.worker_loop(i);
    loop.post([&workers, i] { workers[i].reset(); });
    loop.stop();
    loop.run();
  }
  return rc;
}

}  // namespace ringcache::proxy
