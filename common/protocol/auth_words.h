// The pieces of memcached's text-protocol authentication (-Y) that the node and the proxy
// both read: an auth request is "set <any> <any> <any> <bytes>\r\n" followed by a data block
// "<user> <password>\r\n". Pure functions over bytes.
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringcache::common {

/// memcached's tokenize_command: words split on ' ', empty words skipped; at most N.
template <std::size_t N>
std::size_t auth_words(std::string_view s, std::array<std::string_view, N>& words) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < s.size() && n < N) {
    const std::size_t start = s.find_first_not_of(' ', pos);
    if (start == std::string_view::npos) break;
    std::size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    words[n++] = s.substr(start, end - start);
    pos = end;
  }
  return n;
}

/// safe_strtoul on the <bytes> word: digits, maybe followed by the line's '\r'.
inline bool auth_length(std::string_view word, uint32_t& value) {
  if (!word.empty() && word.back() == '\r') word.remove_suffix(1);
  if (word.empty()) return false;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  return ec == std::errc() && end == word.data() + word.size();
}

}  // namespace ringcache::common
