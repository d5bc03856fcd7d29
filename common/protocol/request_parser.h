// Picks the parser for a connection. memcached fixes the protocol from the first byte a
// connection sends (0x80: binary); the text parser itself hands two-letter commands
// starting with 'm' to the meta parser, as memcached's process_command_ascii does, so
// text and meta requests may be mixed freely on one connection.
#pragma once

#include <string_view>

#include "common/protocol/parse_result.h"
#include "common/protocol/request.h"
#include "common/protocol/text_parser.h"

namespace ringcache::common {

/// The protocol of a connection from its first byte (`first` must not be empty).
Protocol detect_protocol(std::string_view first);

/// Parses one request of a connection speaking `protocol` (kText covers meta too).
/// The binary protocol is not parsed yet: its requests close the connection.
ParseResult parse_request(Protocol protocol, std::string_view in, Request& out,
                          const TextParserLimits& limits = {});

}  // namespace ringcache::common
