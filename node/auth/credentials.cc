#include "node/auth/credentials.h"

#include <cstdlib>

namespace ringcache::node {

std::optional<PasswordFile> load_credentials(const Settings& settings, std::string* error) {
  if (error != nullptr) error->clear();
  if (!settings.auth_file.empty()) {
    return PasswordFile::load(settings.auth_file, PasswordFile::Format::kAuthFile, error);
  }
  if (!settings.sasl) return std::nullopt;
  std::string path = settings.sasl_pwdb;
  if (path.empty()) {
    const char* env = std::getenv(kSaslPwdbEnv);
    if (env != nullptr) path = env;
  }
  if (path.empty()) {
    if (error != nullptr) {
      *error = "SASL (-S) needs a password file: -o sasl_pwdb=FILE or " +
               std::string(kSaslPwdbEnv) + "=FILE (user:password lines)";
    }
    return std::nullopt;
  }
  return PasswordFile::load(path, PasswordFile::Format::kSaslPwdb, error);
}

}  // namespace ringcache::node
