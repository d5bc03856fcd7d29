// Where the node's credentials come from, decided from the settings at start:
//   -Y FILE                  text-protocol auth, memcached's authfile format;
//   -S with -o sasl_pwdb=FILE, or else the MEMCACHED_SASL_PWDB environment variable
//                            (memcached's own password-database switch), same format.
// memcached's -S normally goes through cyrus-sasl (sasldb); this node has no cyrus, so
// -S needs one of the two files above and refuses to start without one.
#pragma once

#include <optional>
#include <string>

#include "node/auth/password_file.h"
#include "node/server/settings.h"

namespace ringcache::node {

/// The environment variable memcached reads its SASL password database path from.
inline constexpr const char* kSaslPwdbEnv = "MEMCACHED_SASL_PWDB";

/// The password file -S or -Y needs; nullopt without an error when neither is on.
/// On failure returns nullopt and sets `error` (a line for stderr).
std::optional<PasswordFile> load_credentials(const Settings& settings, std::string* error);

}  // namespace ringcache::node
