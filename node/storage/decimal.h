// Decimal numbers as memcached's incr/decr read and write them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ringcache::node {

/// Reads a stored value as memcached's safe_strtoull does on the item data (value followed
/// by "\r\n"): leading whitespace, an optional sign, digits, then whitespace or the end.
/// Overflow, no digits, trailing junk, and a '-' on a number that reads negative as int64
/// are not numbers.
std::optional<uint64_t> parse_stored_number(std::string_view value);

/// Writes `v` in decimal into `out` (at least 20 bytes); returns the length.
std::size_t format_decimal(uint64_t v, char* out);

}  // namespace ringcache::node
