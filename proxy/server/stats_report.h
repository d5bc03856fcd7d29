// The proxy's `stats` replies: memcached-style `stats` (the proxy's own process fields and
// counters, plus the nodes' summed ones, see node_stats_sum.h), and `stats proxy` with the
// pools and per-node health and counters.
#pragma once

#include <cstddef>
#include <string>

#include "proxy/config/route_tree.h"
#include "proxy/server/node_stats_sum.h"
#include "proxy/server/worker.h"

namespace ringcache::proxy {

/// `stats`: pid uptime time version ... curr_connections (the proxy's), cmd_get ...
/// curr_items ... (summed over `nodes`), proxy_* (the proxy's), then END.
void write_general_stats(const ProxyShared& shared, const RouteTree& tree,
                         const NodeStatsSum& nodes, std::string& out);
/// `stats proxy`: per pool and per node (state, requests, failures), then END.
void write_proxy_stats(const ProxyShared& shared, const RouteTree& tree, std::string& out);
/// `stats settings`: the routing settings in force, then END.
void write_settings_stats(const RouteTree& tree, std::size_t threads, std::string& out);
/// `stats reset`: zeroes the request counters.
void reset_stats(ProxyShared& shared);

}  // namespace ringcache::proxy
