// run_node: wires the cache, the per-connection NodeSession and the network layer together.
#include "node/server/node_server.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/net/server.h"
#include "common/util/clock.h"
#include "node/auth/credentials.h"
#include "node/exec/node_context.h"
#include "node/exec/node_session.h"
#include "node/exec/stats.h"
#include "node/server/connection_report.h"
#include "node/server/listen_spec.h"
#include "node/server/reclaim_pacer.h"
#include "node/server/udp_service.h"
#include "node/storage/cache.h"

namespace ringcache::node {
namespace {

using namespace std::chrono_literals;

constexpr int kExitOsError = 71;  // EX_OSERR, memcached's status when it cannot listen
constexpr std::size_t kReclaimBudget = 1000;
constexpr int kReclaimRounds = 20;  // at most 20k expired items per second

// NodeSession behind the network layer's seam (it counts bytes_read / bytes_written itself).
class NodeHandler final : public common::SessionHandler {
 public:
  NodeHandler(NodeContext& context, WorkerStats& stats) : session_(context, stats) {}

  std::size_t on_input(std::string_view in, std::string& out, bool& close) override {
    return session_.on_input(in, out, close);
  }

 private:
  NodeSession session_;
};

CacheOptions cache_options(const Settings& s) {
  CacheOptions o;
  o.memory_limit = s.memory_limit;
  o.item_size_max = s.item_size_max;
  o.use_cas = s.use_cas;
  o.evict = s.evict;
  return o;
}

common::ServerOptions server_options(const Settings& s) {
  common::ServerOptions o;
  o.listeners = listener_specs(s);
  o.threads = std::max(1, s.threads);
  o.max_connections = s.max_connections;
  o.reject_at_limit = s.maxconns_fast;
  o.idle_timeout = std::chrono::seconds(s.idle_timeout);
  o.backlog = s.backlog;
  // The largest request held whole is one item (a too-large value is swallowed as it comes).
  o.connection.max_read_buffer = std::max<std::size_t>(64u << 20, 2 * s.item_size_max + (1u << 20));
  return o;
}

// `listeners` is filled once the server is open (before any connection).
common::Server::Hooks connection_hooks(ConnectionStats& stats, const NodeContext& context,
                                       const int64_t& listeners) {
  common::Server::Hooks hooks;
  hooks.opened = [&stats, &context, &listeners](const common::Connection& c) {
    stats.curr_connections.add(1);
    stats.total_connections.add(1);
    // memcached allocates a structure per fd ever used: listeners plus the peak of clients.
    // Only this (control) thread writes it.
    int64_t used = stats.curr_connections.get() + listeners;
    int64_t have = stats.connection_structures.get();
    if (used > have) stats.connection_structures.add(used - have);
    if (context.verbosity.load(std::memory_order_relaxed) > 1) {
      std::fprintf(stderr, "<%d new auto-negotiating client connection\n", c.fd());
    }
  };
  hooks.closed = [&stats, &context](const common::Connection& c) {
    stats.curr_connections.add(-1);
    if (context.verbosity.load(std::memory_order_relaxed) > 1) {
      std::fprintf(stderr, "<%d connection closed.\n", c.fd());
    }
  };
  hooks.rejected = [&stats] { stats.rejected_connections.add(1); };
  return hooks;
}

// memcached counts its listening connections in total_connections and connection_structures.
int64_t count_listeners(ConnectionStats& stats, const common::Server& server, const Settings& s) {
  auto listeners = server.listeners();
  stats.total_connections.add(static_cast<int64_t>(listeners.size()));
  stats.connection_structures.add(static_cast<int64_t>(listeners.size()));
  for (const auto& l : listeners) {
    if (s.verbose > 1) std::fprintf(stderr, "<%d server listening (auto-negotiate)\n", l.fd);
    // With -p 0 the OS picks the port: tell whoever started us (tests, scripts).
    if (s.port == 0 && l.port >= 0) {
      bool v6 = l.host.find(':') != std::string::npos;
      std::printf("listening on %s%s%s:%d\n", v6 ? "[" : "", l.host.c_str(), v6 ? "]" : "", l.port);
    }
  }
  std::fflush(stdout);
  return static_cast<int64_t>(listeners.size());
}

// One sweep: every shard (reclaim_expired returns less than its budget once it has looked at
// every slot), or up to kReclaimRounds budgets of expired items. Returns how many it freed.
std::size_t reclaim(Cache& cache) {
  std::size_t total = 0;
  for (int i = 0; i < kReclaimRounds; ++i) {
    const std::size_t freed = cache.reclaim_expired(kReclaimBudget);
    total += freed;
    if (freed < kReclaimBudget) break;
  }
  return total;
}

}  // namespace

int run_node(const Settings& settings) {
  common::SystemClock clock;
  Cache cache(cache_options(settings), clock);
  ConnectionStats connection_stats;
  NodeContext context{.cache = cache,
                      .settings = settings,
                      .clock = clock,
                      .connections = connection_stats,
                      .workers = {},
                      .start_time = clock.now(),
                      .request_shutdown = {},
                      .describe_connections = {}};
  context.verbosity.store(settings.verbose);
  // -S / -Y: the password file every session checks logins against (main already made
  // sure it loads, so an error here means it changed in between).
  std::string credentials_error;
  const std::optional<PasswordFile> passwords = load_credentials(settings, &credentials_error);
  if (!credentials_error.empty()) {
    std::fprintf(stderr, "%s\n", credentials_error.c_str());
    return kExitOsError;
  }
  context.passwords = passwords ? &*passwords : nullptr;
  std::vector<std::unique_ptr<WorkerStats>> worker_stats;
  common::ServerOptions options = server_options(settings);
  for (int i = 0; i < options.threads; ++i) {
    worker_stats.push_back(std::make_unique<WorkerStats>());
    context.workers.push_back(worker_stats.back().get());
  }

  int64_t listener_count = 0;
  common::Server server(
      std::move(options),
      [&](common::SessionControl&, std::size_t worker) {
        return std::make_unique<NodeHandler>(context, *worker_stats[worker]);
      },
      connection_hooks(connection_stats, context, listener_count));
  context.request_shutdown = [&server] { server.stop(); };
  context.describe_connections = [&server](std::string& out) { describe_connections(server, out); };

  if (std::string error = server.open(); !error.empty()) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return kExitOsError;
  }
  listener_count = count_listeners(connection_stats, server, settings);
  UdpService udp(context);  // after `server`: its endpoints go before the worker loops
  if (std::string error = udp.open(settings); !error.empty()) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return kExitOsError;
  }
  udp.start(server);
  server.every(200ms, [&clock] { clock.tick(); });
  ReclaimPacer pacer;
  server.every(1000ms, [&cache, &pacer] {
    if (pacer.due()) pacer.swept(reclaim(cache));
  });
  return server.run();
}

}  // namespace ringcache::node
