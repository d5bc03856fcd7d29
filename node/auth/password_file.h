// PasswordFile: the user:password pairs that -Y (text auth) and SASL PLAIN (-S) check
// credentials against, loaded once at start.
//
// Format (memcached's -Y authfile, also what its MEMCACHED_SASL_PWDB file holds): one
// `user:password` per line; the user ends at the first ':', the password runs to the end
// of the line ("\r\n" or "\n" endings both work). With kSaslPwdb the password also ends
// at a second ':', as memcached's sasl_defs.c reads `user:password:extra`. Blank lines
// are skipped; a non-blank line without ':' makes the whole file invalid (memcached:
// "has a malformed entry").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringcache::node {

class PasswordFile {
 public:
  enum class Format { kAuthFile, kSaslPwdb };

  /// Parses file contents; on a malformed line returns nullopt and sets `error`.
  static std::optional<PasswordFile> parse(std::string_view text, Format format,
                                           std::string* error);
  /// Reads and parses `path`; errors name the file as memcached's do.
  static std::optional<PasswordFile> load(const std::string& path, Format format,
                                          std::string* error);

  /// True when some entry has exactly this user and password. Runs in time that depends
  /// on the number of entries and the lengths involved, never on where bytes differ.
  bool check(std::string_view user, std::string_view password) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string user;
    std::string password;
  };
  std::vector<Entry> entries_;
};

/// Compares without an early exit: the time depends on the lengths only.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace ringcache::node
