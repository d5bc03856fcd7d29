// Who a client is to the access policy, and the grant that follows from the current
// configuration: credentials if it authenticated, else the first rule of its listener that
// matches its address, else the listener's own role.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "common/config/cluster_config.h"
#include "proxy/access/policy.h"

namespace ringcache::proxy::access {

struct Identity {
  std::size_t listener = 0;                 // index into config.listeners
  std::optional<common::IpAddress> peer;    // nullopt: not an IP client
  std::string user;                         // empty: not authenticated
};

struct Resolved {
  Grant grant;
  bool user_gone = false;  // the identity's user is no longer configured
  bool needs_auth = false; // the listener requires authentication and there is none
};

/// The grant for `who` under `config`; its scope points into `config`.
Resolved resolve(const common::ClusterConfig& config, const Identity& who);

}  // namespace ringcache::proxy::access
