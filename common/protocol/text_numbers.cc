#include "common/protocol/text_numbers.h"

#include <limits>

namespace ringcache::common::text {
namespace {

bool c_isspace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// What strtoull/strtoll see in a token: the magnitude of the digits, whether it
// overflowed 64 bits, and whether the token passes memcached's end check.
struct Scan {
  uint64_t magnitude = 0;
  bool negative = false;
  bool overflow = false;
  bool valid = false;  // some digits, followed by the token's end or whitespace
};

Scan scan(std::string_view s) {
  Scan r;
  std::size_t i = 0;
  while (i < s.size() && c_isspace(s[i])) ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) r.negative = s[i++] == '-';
  const std::size_t digits_at = i;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    const uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (r.magnitude > (kMax - d) / 10) r.overflow = true;  // strtoull keeps scanning
    r.magnitude = r.magnitude * 10 + d;
  }
  // No digits: strtoull leaves endptr at the token start, which memcached rejects.
  r.valid = i > digits_at && (i == s.size() || c_isspace(s[i]));
  return r;
}

// strtoull's result for a scanned token; false on ERANGE or a bad token.
bool unsigned_value(std::string_view token, uint64_t& out) {
  const Scan s = scan(token);
  if (!s.valid || s.overflow) return false;
  out = s.negative ? uint64_t{0} - s.magnitude : s.magnitude;
  // memcached rejects a '-' anywhere in the token only when the value looks negative.
  if (static_cast<int64_t>(out) < 0 && token.find('-') != std::string_view::npos) return false;
  return true;
}

}  // namespace

bool safe_strtoull(std::string_view token, uint64_t& out) {
  out = 0;
  return unsigned_value(token, out);
}

bool safe_strtoul(std::string_view token, uint32_t& out) {
  out = 0;
  uint64_t v = 0;
  if (!unsigned_value(token, v)) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

bool safe_strtoll(std::string_view token, int64_t& out) {
  out = 0;
  const Scan s = scan(token);
  constexpr uint64_t kMaxPositive = uint64_t{1} << 63;  // |LLONG_MIN|
  if (!s.valid || s.overflow) return false;
  if (s.magnitude > (s.negative ? kMaxPositive : kMaxPositive - 1)) return false;  // ERANGE
  out = static_cast<int64_t>(s.negative ? uint64_t{0} - s.magnitude : s.magnitude);
  return true;
}

bool safe_strtol(std::string_view token, int32_t& out) {
  out = 0;
  int64_t v = 0;
  if (!safe_strtoll(token, v)) return false;
  out = static_cast<int32_t>(v);  // memcached stores a long into an int32_t
  return true;
}

}  // namespace ringcache::common::text
