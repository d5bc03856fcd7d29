#include "proxy/server/stats_report.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>

#include "common/protocol/text_writer.h"
#include "proxy/server/proxy_session.h"

namespace ringcache::proxy {
namespace {

using common::text::append_stat;

std::string seconds(const timeval& tv) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%ld.%06ld", static_cast<long>(tv.tv_sec),
                static_cast<long>(tv.tv_usec));
  return buf;
}

uint64_t total(const ProxyShared& shared, Stat stat) {
  uint64_t sum = 0;
  for (const auto& w : shared.counters) sum += (*w)[stat].get();
  return sum;
}

std::size_t nodes_down(const ProxyShared& shared, const RouteTree& tree) {
  std::size_t n = 0;
  for (const std::string& address : tree.all_addresses()) {
    const NodeCounters* node = shared.nodes.find(address);
    n += node != nullptr && node->down_workers() > 0 ? 1 : 0;
  }
  return n;
}

void write_process(const ProxyShared& shared, std::string& out) {
  const int64_t now = std::time(nullptr);
  append_stat(out, "pid", static_cast<uint64_t>(::getpid()));
  append_stat(out, "uptime", static_cast<uint64_t>(now - shared.start_time));
  append_stat(out, "time", static_cast<uint64_t>(now));
  append_stat(out, "version", kProxyVersion);
  append_stat(out, "pointer_size", uint64_t{8 * sizeof(void*)});
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  append_stat(out, "rusage_user", seconds(usage.ru_utime));
  append_stat(out, "rusage_system", seconds(usage.ru_stime));
  append_stat(out, "curr_connections",
              static_cast<uint64_t>(std::max<int64_t>(0, shared.connections.current.load())));
  append_stat(out, "total_connections", shared.connections.total.load());
  append_stat(out, "rejected_connections", shared.connections.rejected.load());
}

}  // namespace

void write_general_stats(const ProxyShared& shared, const RouteTree& tree,
                         const NodeStatsSum& nodes, std::string& out) {
  using Section = NodeStatsSum::Section;
  write_process(shared, out);
  nodes.write(Section::kRequests, out);
  append_stat(out, "bytes_read", total(shared, Stat::kBytesRead));
  append_stat(out, "bytes_written", total(shared, Stat::kBytesWritten));
  nodes.write(Section::kLimit, out);
  append_stat(out, "threads", static_cast<uint64_t>(shared.counters.size()));
  nodes.write(Section::kItems, out);
  for (std::size_t i = 0; i < kStatNames.size(); ++i) {
    const auto stat = static_cast<Stat>(i);
    if (stat == Stat::kBytesRead || stat == Stat::kBytesWritten) continue;
    append_stat(out, kStatNames[i], total(shared, stat));
  }
  append_stat(out, "proxy_pools", static_cast<uint64_t>(tree.pools().size()));
  append_stat(out, "proxy_nodes", static_cast<uint64_t>(tree.all_addresses().size()));
  append_stat(out, "proxy_nodes_down", static_cast<uint64_t>(nodes_down(shared, tree)));
  nodes.write_coverage(out);
  append_stat(out, "proxy_config_generation", tree.generation());
  if (shared.extra_stats) shared.extra_stats(out);
  out.append(common::text::kEnd);
}

void write_proxy_stats(const ProxyShared& shared, const RouteTree& tree, std::string& out) {
  const NodeCounters none(0);
  append_stat(out, "config_generation", tree.generation());
  for (const PoolRoute& pool : tree.pools()) {
    const std::string prefix = "pool:" + pool.name + ":";
    append_stat(out, prefix + "nodes", static_cast<uint64_t>(pool.addresses.size()));
    append_stat(out, prefix + "hash",
                pool.ring.mode() == common::HashMode::kKetama ? "ketama" : "jump");
  }
  if (shared.node_stats) {
    shared.node_stats(out);
    out.append(common::text::kEnd);
    return;
  }
  for (const PoolRoute& pool : tree.pools()) {
    for (const std::string& address : pool.addresses) {
      const NodeCounters* found = shared.nodes.find(address);
      const NodeCounters& n = found != nullptr ? *found : none;
      const std::string prefix = "node:" + address + ":";
      append_stat(out, prefix + "pool", pool.name);
      append_stat(out, prefix + "state", n.down_workers() > 0 ? "down" : "up");
      append_stat(out, prefix + "requests", n.sum(&NodeCounters::PerWorker::requests));
      append_stat(out, prefix + "failed", n.sum(&NodeCounters::PerWorker::failed));
      append_stat(out, prefix + "timeouts", n.sum(&NodeCounters::PerWorker::timeouts));
      append_stat(out, prefix + "down_replies", n.sum(&NodeCounters::PerWorker::down));
    }
  }
  out.append(common::text::kEnd);
}

void write_settings_stats(const RouteTree& tree, std::size_t threads, std::string& out) {
  const common::ClusterConfig& c = tree.config();
  append_stat(out, "num_threads", static_cast<uint64_t>(threads));
  append_stat(out, "connect_timeout_ms", uint64_t{c.timeouts.connect_ms});
  append_stat(out, "reply_timeout_ms", uint64_t{c.timeouts.reply_ms});
  append_stat(out, "consecutive_timeouts", uint64_t{c.failure_detection.consecutive_timeouts});
  append_stat(out, "probe_backoff_min_ms", uint64_t{c.failure_detection.probe_backoff_min_ms});
  append_stat(out, "probe_backoff_max_ms", uint64_t{c.failure_detection.probe_backoff_max_ms});
  append_stat(out, "write_failover_reply", common::to_string(c.write_failover_reply));
  for (std::size_t i = 0; i < c.listeners.size(); ++i) {
    const common::ListenerConfig& l = c.listeners[i];
    const std::string prefix = "listener:" + std::to_string(i) + ":";
    append_stat(out, prefix + "address", l.address + ":" + std::to_string(l.port));
    append_stat(out, prefix + "role", common::to_string(l.role));
    append_stat(out, prefix + "pool", tree.pools()[tree.listener_pool(i)].name);
  }
  out.append(common::text::kEnd);
}

void reset_stats(ProxyShared& shared) {
  for (auto& w : shared.counters) {
    for (Counter& c : w->counters) c.reset();
  }
}

}  // namespace ringcache::proxy
