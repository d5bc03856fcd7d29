// The access-policy part of the proxy's configuration (cluster-configs/README.md, "Access"):
// per listener a default role, ordered CIDR rules and an authentication mode; users with
// salted password hashes; key-prefix scopes on rules, users and listeners.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/ip_address.h"

namespace ringcache::common {

/// What a client may do; each role may do everything the one before it may.
enum class Role : uint8_t { kReadOnly, kReadWrite, kAdmin };
inline constexpr std::size_t kRoleCount = 3;

/// Key prefixes a client may use; empty: every key.
using KeyScope = std::vector<std::string>;

/// Clients whose address is in `cidr` get `role` (the first matching rule of a listener wins).
struct AccessRule {
  Cidr cidr;
  Role role = Role::kReadOnly;
  KeyScope scope;
};

/// Text-protocol authentication on a listener (memcached's -Y form: an auth `set`).
enum class AuthMode : uint8_t {
  kNone,      ///< a `set` is always a `set`
  kOptional,  ///< the first command may authenticate; without it rules and role apply
  kRequired,  ///< nothing but authentication until it succeeds (as memcached -Y)
};

struct AccessUser {
  std::string name;
  std::string password_hash;  ///< crypt(3) form: "$y$...", "$6$..."; never logged
  Role role = Role::kReadOnly;
  KeyScope scope;
};

/// Longest user name and key prefix accepted.
inline constexpr std::size_t kMaxUserNameLength = 64;
inline constexpr std::size_t kMaxKeyPrefixLength = 250;

std::string_view to_string(Role role);
std::string_view to_string(AuthMode mode);

}  // namespace ringcache::common
