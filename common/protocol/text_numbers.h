// Decimal numbers in text-protocol tokens, read exactly as memcached 1.6 reads them.
//
// memcached's safe_strto* wrap glibc strtoull/strtol (C locale, base 10, 64-bit long):
// leading whitespace and a '+'/'-' sign are accepted, the digits may be followed by
// whitespace and then anything, a value outside the 64-bit range is rejected, a negative
// value is rejected only by the unsigned readers and only when it wraps to a "negative"
// 64-bit number, and the 32-bit readers keep the low 32 bits of the 64-bit result.
// So "+5" is 5, "4294967297" is 1 as flags, "-0" is 0 and "5\tjunk" is 5.
#pragma once

#include <cstdint>
#include <string_view>

namespace ringcache::common::text {

/// memcached's safe_strtoull: incr/decr delta, cas unique.
bool safe_strtoull(std::string_view token, uint64_t& out);
/// memcached's safe_strtoul: client flags, verbosity level.
bool safe_strtoul(std::string_view token, uint32_t& out);
/// memcached's safe_strtol: exptime, data length (truncated to 32 bits).
bool safe_strtol(std::string_view token, int32_t& out);
/// memcached's safe_strtoll: 64-bit signed, no truncation.
bool safe_strtoll(std::string_view token, int64_t& out);

}  // namespace ringcache::common::text
