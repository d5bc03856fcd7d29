// Reading the access-policy parts of a cluster configuration (access_config.h) from JSON.
// Internal to common/config: cluster_config.cc calls these while it reads the document.
#pragma once

#include <string>

#include "common/config/cluster_config.h"
#include "common/config/json_reader.h"

namespace ringcache::common {


/// Reads a listener's "rules", "scope" and "auth" (the listener object at `path`).
void read_listener_access(JsonReader& r, const Json& j, const std::string& path,
                          ListenerConfig& listener);

/// Reads the top-level "users".
std::vector<AccessUser> read_users(JsonReader& r, const Json& root);

/// Checks what needs the whole document: a listener that requires authentication needs users.
void check_access(JsonReader& r, const ClusterConfig& config);

}  // namespace ringcache::common
