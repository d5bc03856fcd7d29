#include "node/auth/password_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ringcache::node {

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Walk the longer input in full so a short guess costs as much as a long one.
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned>(x ^ y);
  }
  return diff == 0;
}

std::optional<PasswordFile> PasswordFile::parse(std::string_view text, Format format,
                                                std::string* error) {
  PasswordFile file;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (error != nullptr) *error = "has a malformed entry. Should be 'user:password'";
      return std::nullopt;
    }
    std::string_view password = line.substr(colon + 1);
    if (format == Format::kSaslPwdb) password = password.substr(0, password.find(':'));
    file.entries_.push_back({std::string(line.substr(0, colon)), std::string(password)});
  }
  return file;
}

std::optional<PasswordFile> PasswordFile::load(const std::string& path, Format format,
                                               std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (error != nullptr) {
      *error = "Could not open authfile [" + path + "] for reading, error " +
               std::strerror(errno);
    }
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string why;
  std::optional<PasswordFile> file = parse(text.str(), format, &why);
  if (!file && error != nullptr) *error = "Authfile [" + path + "] " + why;
  return file;
}

bool PasswordFile::check(std::string_view user, std::string_view password) const {
  // Every entry is compared, so the time does not tell which user exists.
  bool found = false;
  for (const Entry& e : entries_) {
    const bool user_ok = constant_time_equal(user, e.user);
    const bool password_ok = constant_time_equal(password, e.password);
    found |= user_ok & password_ok;
  }
  return found;
}

}  // namespace ringcache::node
