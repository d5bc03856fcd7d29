// Small appenders for text-protocol replies (the session builds replies in place).
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringcache::node {

/// Appends `line` and "\r\n".
inline void append_line(std::string& out, std::string_view line) {
  out.append(line);
  out.append("\r\n", 2);
}

/// Appends the decimal form of `v`.
inline void append_uint(std::string& out, uint64_t v) {
  char buf[20];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

/// Appends the decimal form of a signed `v`.
inline void append_int(std::string& out, int64_t v) {
  char buf[21];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

}  // namespace ringcache::node
