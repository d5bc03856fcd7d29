// The parser for node replies (text and meta protocol), as a pure function over bytes.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/protocol/parse_result.h"
#include "common/protocol/response.h"

namespace ringcache::common {

/// memcached's largest item size (-I 1024m): no node can send a larger value.
inline constexpr std::size_t kMaxNodeValue = std::size_t{1024} * 1024 * 1024;

struct ResponseLimits {
  std::size_t max_line = 8192;            // a reply line longer than this (without "\r\n"): bad
  std::size_t max_value = kMaxNodeValue;  // a VALUE / VA data block larger than this: bad
};

// Parses the one reply at the front of `in` to a request described by `expect` into
// `out` (cleared first). Never reads past `in`; allocates only to grow `out.items` and
// `out.stats`.
//
// kOk: `out.raw` == in.substr(0, consumed). Lines must end in "\r\n" and data blocks
//   must be followed by "\r\n", as every memcached sends them. Any expect also accepts
//   ERROR / CLIENT_ERROR msg / SERVER_ERROR msg (kError); a get-family or stats reply may
//   end with such a line after some items (kError, items kept).
// kNeedMore: consumed 0 until the whole reply (data blocks and END included) is there;
//   `out.need` says how many bytes to wait for.
// kBad: the stream cannot be framed (a line too long or without "\r\n", a length over
//   max_value, a malformed line, a reply that does not fit `expect`). `error` is a
//   SERVER_ERROR line for the client, `consumed` is all of `in` and `close` is set: the
//   connection to the node is out of step and must be dropped.
ParseResult parse_response(std::string_view in, ResponseExpect expect, Response& out,
                           const ResponseLimits& limits = {});

}  // namespace ringcache::common
