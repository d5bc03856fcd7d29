// Framing checks for what a node sends back: a batch of replies must split into whole,
// well-formed replies (text/meta lines and data blocks, or binary response packets).
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/binary_format.h"
#include "tests/fuzz/fuzz_check.h"

namespace ringcache::fuzz {

/// The n-th space-separated word of `line` (0-based), or "" when there is none.
inline std::string_view word(std::string_view line, int n) {
  for (int i = 0; i < n; ++i) {
    const std::size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return {};
    line.remove_prefix(sp + 1);
  }
  return line.substr(0, line.find(' '));
}

inline std::size_t to_size(std::string_view digits) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  check(ec == std::errc{} && end == digits.data() + digits.size());
  return n;
}

/// Whether a reply line starts with a word a memcached client knows.
inline bool known_reply(std::string_view line) {
  static constexpr std::string_view kWords[] = {
      "VALUE", "END", "STORED", "NOT_STORED", "EXISTS", "NOT_FOUND", "DELETED", "TOUCHED",
      "OK", "ERROR", "CLIENT_ERROR", "SERVER_ERROR", "STAT", "VERSION", "RESET", "ITEM",
      "PREFIX", "VA", "HD", "EN", "NF", "NS", "EX", "MN", "ME",
      "ERROR:",   // memcached's "ERROR: shutdown not enabled"
      "Error"};   // and "Error TLS not enabled" (refresh_certs)
  const std::string_view first = word(line, 0);
  if (!first.empty() && first.find_first_not_of("0123456789") == std::string_view::npos) {
    return first == line;  // incr/decr: a bare number
  }
  for (std::string_view w : kWords) {
    if (first == w) return true;
  }
  return false;
}

/// Text and meta replies: "\r\n"-ended lines; VALUE and VA lines carry a data block of
/// the length they announce, itself followed by "\r\n".
inline void check_text_replies(std::string_view out) {
  while (!out.empty()) {
    const std::size_t eol = out.find("\r\n");
    check(eol != std::string_view::npos);
    const std::string_view line = out.substr(0, eol);
    check(line.find('\n') == std::string_view::npos && known_reply(line));
    out.remove_prefix(eol + 2);
    std::size_t data = 0;
    bool has_data = false;
    if (line.starts_with("VALUE ")) {
      data = to_size(word(line, 3));
      has_data = true;
    } else if (line.starts_with("VA ")) {
      data = to_size(word(line, 1));
      has_data = true;
    }
    if (!has_data) continue;
    check(out.size() >= data + 2 && out.substr(data, 2) == "\r\n");
    out.remove_prefix(data + 2);
  }
}

inline uint32_t big_endian(std::string_view p, std::size_t at, std::size_t n) {
  uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(p[at + i]);
  return v;
}

/// Binary replies: whole response packets whose key and extras fit in their body.
inline void check_binary_replies(std::string_view out) {
  namespace binary = common::binary;
  while (!out.empty()) {
    check(out.size() >= binary::kHeaderSize);
    check(static_cast<uint8_t>(out[0]) == binary::kResponseMagic && out[5] == 0);
    const uint32_t key_len = big_endian(out, 2, 2);
    const uint32_t extras_len = big_endian(out, 4, 1);
    const uint32_t body_len = big_endian(out, 8, 4);
    check(key_len + extras_len <= body_len);
    check(out.size() >= binary::kHeaderSize + body_len);
    out.remove_prefix(binary::kHeaderSize + body_len);
  }
}

}  // namespace ringcache::fuzz
