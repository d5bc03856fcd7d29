// Salted password hashes in the crypt(3) form /etc/shadow uses, through libxcrypt: yescrypt
// ("$y$...") by default, sha512-crypt ("$6$...") where yescrypt is missing. Any hash libxcrypt
// verifies works, so `mkpasswd` and `openssl passwd -6` produce valid entries too. Hashing is
// slow on purpose (milliseconds): the proxy pays it once per authentication, on the thread of
// the connection that authenticates.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ringcache::proxy::access {

/// A new salted hash of `password`; nullopt (and `error`) when libxcrypt cannot make one.
std::optional<std::string> hash_password(std::string_view password, std::string& error);

/// Whether `password` matches `hash`. A malformed hash matches nothing.
bool verify_password(std::string_view password, const std::string& hash);

/// Spends about the time a verification takes, for a user that does not exist (so the reply
/// time does not tell which user names do).
void verify_nothing(std::string_view password);

/// Compares without an early exit: the time depends on the lengths only.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ringcache::proxy::access
