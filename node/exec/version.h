// The version the node reports in `version` and `stats`.
#pragma once

#include <string_view>

namespace ringcache::node {

// The memcached release whose behaviour the node reproduces. Clients and tools parse
// this as major.minor.patch to pick features, so it carries no suffix.
inline constexpr std::string_view kVersion = "1.6.18";

}  // namespace ringcache::node
