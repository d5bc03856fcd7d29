// Parses one memcached text-protocol reply from the front of a buffer. Pure: no state is kept
// between calls, so an incomplete reply is simply parsed again when more bytes arrive.
#pragma once

#include <cstddef>
#include <string_view>

namespace ringcache::loadgen {

enum class ReplyExpect { kRetrieval, kStorage };
enum class ReplyStatus { kOk, kNeedMore, kBad };

struct Reply {
  ReplyStatus status = ReplyStatus::kNeedMore;
  std::size_t consumed = 0;  // bytes of the whole reply when kOk
  int values = 0;            // VALUE blocks of a retrieval reply (hits)
  bool error = false;        // ERROR / CLIENT_ERROR / SERVER_ERROR, or NOT_STORED for a set
};

/// Retrieval replies are VALUE blocks then END; storage replies are one line (STORED ...).
/// An error line ends either kind. Anything else is kBad.
Reply parse_reply(std::string_view in, ReplyExpect expect);

}  // namespace ringcache::loadgen
