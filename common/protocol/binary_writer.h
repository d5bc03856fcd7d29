// Appends memcached binary-protocol response packets to an output string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/protocol/binary_format.h"

namespace ringcache::common::binary {

/// What a response header carries besides the lengths.
struct ResponseHeader {
  uint8_t opcode = 0;  // the request's opcode as sent (quiet ones included)
  Status status = Status::kSuccess;
  uint32_t opaque = 0;
  uint64_t cas = 0;
};

/// One packet: header, then `extras`, `key` and `value`.
void append_response(std::string& out, const ResponseHeader& header, std::string_view extras,
                     std::string_view key, std::string_view value);

/// An error packet with memcached's text for `status` as its body (cas 0).
void append_error(std::string& out, uint8_t opcode, uint32_t opaque, Status status);

/// Four bytes in network order (the flags extras of a get reply).
std::string_view encode_be32(uint32_t v, char (&buf)[4]);
/// Eight bytes in network order (the body of an incr/decr reply).
std::string_view encode_be64(uint64_t v, char (&buf)[8]);

}  // namespace ringcache::common::binary
