#include "proxy/access/password_hash.h"

#include <crypt.h>

#include <memory>

namespace ringcache::proxy::access {
namespace {

constexpr const char* kPreferred[] = {"$y$", "$6$"};

// crypt_r on a zeroed crypt_data (libxcrypt's contract); "" on failure.
std::string crypt_string(std::string_view password, const char* setting) {
  const std::string pw(password);  // NUL-terminated copy
  auto data = std::make_unique<crypt_data>();
  const char* out = ::crypt_r(pw.c_str(), setting, data.get());
  // libxcrypt reports failure as NULL or as a string starting with '*'.
  if (out == nullptr || out[0] == '*') return "";
  return out;
}

}  // namespace

std::optional<std::string> hash_password(std::string_view password, std::string& error) {
  for (const char* prefix : kPreferred) {
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (::crypt_gensalt_rn(prefix, 0, nullptr, 0, setting, sizeof setting) == nullptr) continue;
    std::string hash = crypt_string(password, setting);
    if (!hash.empty()) return hash;
  }
  error = "libxcrypt could make neither a yescrypt nor a sha512-crypt hash";
  return std::nullopt;
}

bool verify_password(std::string_view password, const std::string& hash) {
  if (hash.empty() || hash[0] != '$') return false;
  const std::string computed = crypt_string(password, hash.c_str());
  return !computed.empty() && constant_time_equal(computed, hash);
}

void verify_nothing(std::string_view password) {
  // A setting made once, with the default algorithm and cost new hashes get.
  static const std::string setting = [] {
    char buf[CRYPT_GENSALT_OUTPUT_SIZE];
    for (const char* prefix : kPreferred) {
      if (::crypt_gensalt_rn(prefix, 0, nullptr, 0, buf, sizeof buf) != nullptr) return std::string(buf);
    }
    return std::string();
  }();
  if (!setting.empty()) (void)crypt_string(password, setting.c_str());
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  volatile unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = diff | static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace ringcache::proxy::access
