// The real backend side (proxy/backend) behind BackendHooks: one HealthRegistry for the
// process, a BackendPool per worker, and `stats proxy` from the registry's snapshot.
#pragma once

#include "common/config/cluster_config.h"
#include "proxy/server/proxy_server.h"

namespace ringcache::proxy {

/// Hooks for `initial` (the registry is built here, blocking on name resolution).
BackendHooks make_backend_hooks(const common::ClusterConfig& initial);

}  // namespace ringcache::proxy
