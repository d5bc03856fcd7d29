// The memcached text protocol request parser, as a pure function over bytes.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/protocol/parse_result.h"
#include "common/protocol/request.h"

namespace ringcache::common {

struct TextParserLimits {
  std::size_t max_value = 1024 * 1024;      // larger data blocks: Request::too_large + swallow
  std::size_t max_line = 2048;              // an unterminated non-get line longer: bad + close
  std::size_t max_get_line = 2 * 1024 * 1024;  // an unterminated get/gets line longer: bad + close
};

// Parses one text request from the front of `in` into `out` (cleared first).
// Never reads past `in`; never allocates except to grow `out.keys`.
ParseResult parse_text_request(std::string_view in, Request& out,
                               const TextParserLimits& limits = {});

}  // namespace ringcache::common
