// Appends memcached text-protocol replies to an output string. No formatting library
// and no allocation beyond the string growing; numbers go through std::to_chars.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringcache::common::text {

// Fixed reply lines, "\r\n" included.
inline constexpr std::string_view kStored = "STORED\r\n";
inline constexpr std::string_view kNotStored = "NOT_STORED\r\n";
inline constexpr std::string_view kExists = "EXISTS\r\n";
inline constexpr std::string_view kNotFound = "NOT_FOUND\r\n";
inline constexpr std::string_view kDeleted = "DELETED\r\n";
inline constexpr std::string_view kTouched = "TOUCHED\r\n";
inline constexpr std::string_view kOk = "OK\r\n";
inline constexpr std::string_view kEnd = "END\r\n";
inline constexpr std::string_view kError = "ERROR\r\n";
inline constexpr std::string_view kReset = "RESET\r\n";
inline constexpr std::string_view kTooLarge = "SERVER_ERROR object too large for cache\r\n";
inline constexpr std::string_view kOutOfMemory = "SERVER_ERROR out of memory storing object\r\n";
inline constexpr std::string_view kNonNumeric =
    "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n";

/// Appends `line` followed by "\r\n" (e.g. a ParseResult::error).
void append_line(std::string& out, std::string_view line);

/// "VALUE <key> <flags> <bytes>\r\n" only, for callers that send the data separately.
void append_value_header(std::string& out, std::string_view key, uint32_t flags,
                         std::size_t bytes);
/// "VALUE <key> <flags> <bytes> <cas>\r\n" only (gets/gats).
void append_value_header(std::string& out, std::string_view key, uint32_t flags,
                         std::size_t bytes, uint64_t cas);

/// "VALUE <key> <flags> <bytes>\r\n<data>\r\n".
void append_value(std::string& out, std::string_view key, uint32_t flags,
                  std::string_view data);
/// "VALUE <key> <flags> <bytes> <cas>\r\n<data>\r\n".
void append_value(std::string& out, std::string_view key, uint32_t flags,
                  std::string_view data, uint64_t cas);

/// "<n>\r\n": the reply to incr/decr.
void append_number(std::string& out, uint64_t n);

/// "STAT <name> <value>\r\n".
void append_stat(std::string& out, std::string_view name, std::string_view value);
/// "STAT <name> <value>\r\n" for an unsigned counter.
void append_stat(std::string& out, std::string_view name, uint64_t value);
/// "STAT <name> <value>\r\n" for a signed value.
void append_stat_signed(std::string& out, std::string_view name, int64_t value);

/// "VERSION <version>\r\n".
void append_version(std::string& out, std::string_view version);

}  // namespace ringcache::common::text
