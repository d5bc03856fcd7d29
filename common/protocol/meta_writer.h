// Appends memcached meta-protocol reply lines: a two-letter code (HD VA EN NF NS EX MN
// ME), then return flags, each " <letter><token>", then "\r\n", in memcached 1.6's
// formats. The caller decides which flags to add and in what order (the request's).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringcache::common::meta {

// Reply codes, without the line end.
inline constexpr std::string_view kStored = "HD";     // success, no value
inline constexpr std::string_view kMiss = "EN";       // mg/me miss
inline constexpr std::string_view kNotFound = "NF";
inline constexpr std::string_view kNotStored = "NS";
inline constexpr std::string_view kExists = "EX";
inline constexpr std::string_view kNoop = "MN\r\n";

/// Starts a line with a code: "HD".
void begin(std::string& out, std::string_view code);
/// Starts a value line: "VA <size>".
void begin_value(std::string& out, std::size_t size);

/// " <flag><n>", e.g. " c42", " s3".
void add_number(std::string& out, char flag, uint64_t n);
/// " t<n>": a signed number ("t-1" for no expiry).
void add_signed(std::string& out, char flag, int64_t n);
/// " <flag>" alone, e.g. " W", " X", " Z".
void add_flag(std::string& out, char flag);
/// " O<opaque>": the opaque token echoed as sent.
void add_opaque(std::string& out, std::string_view opaque);
/// " k<key>", or " k<base64 key> b" for a binary key.
void add_key(std::string& out, std::string_view key, bool binary);

/// Ends the line: "\r\n".
void end(std::string& out);
/// A value's data block: "<data>\r\n".
void add_data(std::string& out, std::string_view data);

}  // namespace ringcache::common::meta
