// Credentials for the authentication suites, in the form each server reads: ringcache-node
// takes `user:password` lines (-Y FILE, and -S with -o sasl_pwdb=FILE); Debian's memcached
// takes the same file for -Y, and for -S a cyrus sasldb (built with saslpasswd2 from
// sasl2-bin) named by a memcached.conf that SASL_CONF_PATH points at.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/integration/server_process.h"

namespace ringcache::integration {

/// A server command line that requires SASL PLAIN for the given users.
struct SaslLaunch {
  ServerSpec spec;
  std::vector<std::string> args;
};

class AuthFiles {
 public:
  using Users = std::vector<std::pair<std::string, std::string>>;

  /// Writes the password file into a new private temp directory.
  explicit AuthFiles(Users users);
  ~AuthFiles();  // removes the directory
  AuthFiles(const AuthFiles&) = delete;
  AuthFiles& operator=(const AuthFiles&) = delete;

  /// The `user:password` file (empty when it could not be written; see error()).
  const std::string& password_file() const { return password_file_; }
  /// How to start `base` with SASL required, or nothing (error() says why: for memcached
  /// this needs saslpasswd2).
  std::optional<SaslLaunch> sasl(const ServerSpec& base);
  const std::string& error() const { return error_; }

 private:
  bool write_sasldb();

  Users users_;
  std::string dir_;
  std::string password_file_;
  std::string error_;
};

}  // namespace ringcache::integration
