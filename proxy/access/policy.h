// The pure access check: which role a request needs (its command, and for meta its flags),
// and whether a grant (role + key scope) allows it. No state, no I/O.
//
//   read-only   get gets mg (no mutating flag) me mn version quit stats (not `stats reset`)
//   read-write  also set add replace append prepend cas delete incr decr touch gat gats
//               ms md ma, and mg with N (create), T (touch), R (recache: win token), E (cas)
//   admin       also flush_all verbosity `stats reset` (and shutdown, which the proxy refuses)
//
// A grant's scope (key prefixes) bounds every key a request names, reads included.
#pragma once

#include <string_view>
#include <vector>

#include "common/config/access_config.h"
#include "common/protocol/request.h"

namespace ringcache::proxy::access {

using common::Role;

/// The meta get flags that change the item, so need read-write (memcached 1.6.18 refuses E
/// on mg; it is listed for the versions that take it).
inline constexpr std::string_view kMutatingMetaGetFlags = "NTRE";

/// What a client may do right now: its role and, when not null, the key prefixes it may use.
struct Grant {
  Role role = Role::kReadOnly;
  const common::KeyScope* scope = nullptr;  // nullptr or empty: every key
};

enum class Verdict : uint8_t {
  kAllow,
  kDeny,
  kTrimmed,  // a multi-key retrieval with some keys out of scope: the others may run
};

/// The least role that may run `req`.
Role required_role(const common::Request& req);

/// Whether `have` may do what `need` allows.
constexpr bool role_allows(Role have, Role need) { return have >= need; }

/// The command's name as clients spell it ("set", "mg"), for logs.
std::string_view command_name(common::Command command);

/// Whether `key` starts with one of the scope's prefixes (always, for no scope).
bool in_scope(const common::KeyScope* scope, std::string_view key);

/// Decides `req` for `grant`. `keys` are the keys the request names, as the nodes store them
/// (meta b keys decoded). kTrimmed: `allowed` (same length as `keys`) says which may run.
Verdict check(const common::Request& req, const std::vector<std::string_view>& keys,
              const Grant& grant, std::vector<bool>* allowed = nullptr);

}  // namespace ringcache::proxy::access
