// Counts a routed request in memcached's `stats` terms (cmd_get, get_hits, delete_misses ...)
// from the node's reply, or as a miss when the proxy answered for an unavailable node.
#pragma once

#include <cstdint>

#include "common/protocol/request.h"
#include "common/protocol/response.h"
#include "proxy/server/proxy_stats.h"

namespace ringcache::proxy {

/// `keys`: the keys the request asked for (get family); `reply`: nullptr for a failover.
void count_reply(WorkerCounters& c, common::Command command, uint32_t keys,
                 const common::Response* reply);

/// The same for a merged multi-get: `keys` asked, `hits` found.
void count_retrieval(WorkerCounters& c, common::Command command, uint64_t keys, uint64_t hits);

}  // namespace ringcache::proxy
