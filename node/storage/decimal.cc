#include "node/storage/decimal.h"

namespace ringcache::node {
namespace {

// C isspace in the "C" locale.
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

}  // namespace

std::optional<uint64_t> parse_stored_number(std::string_view value) {
  std::size_t i = 0;
  while (i < value.size() && is_space(value[i])) ++i;
  bool negative = false;
  if (i < value.size() && (value[i] == '+' || value[i] == '-')) negative = value[i++] == '-';
  const std::size_t digits_start = i;
  uint64_t n = 0;
  for (; i < value.size() && value[i] >= '0' && value[i] <= '9'; ++i) {
    const uint64_t digit = static_cast<uint64_t>(value[i] - '0');
    if (n > (UINT64_MAX - digit) / 10) return std::nullopt;  // strtoull's ERANGE
    n = n * 10 + digit;
  }
  if (i == digits_start) return std::nullopt;
  if (i < value.size() && !is_space(value[i])) return std::nullopt;
  if (negative) n = 0 - n;  // strtoull negates in unsigned arithmetic
  if (negative && static_cast<int64_t>(n) < 0) return std::nullopt;
  return n;
}

std::size_t format_decimal(uint64_t v, char* out) {
  char tmp[20];
  std::size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (std::size_t i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  return n;
}

}  // namespace ringcache::node
