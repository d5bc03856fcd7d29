// Coalescing gets: requests `get k1 k2` and `get k3` queued for one node in the same loop
// iteration leave as one `get k1 k2 k3`, and the node's single reply is split back into one
// reply per request. memcached writes a reply per get command it parses (a sendmsg for each),
// so a node answering 50 clients' gets as one command spends a fraction of the CPU.
//
// The split walks the reply's VALUE items alongside the requested keys, as a split multi-get
// is merged (multi_get.h): a node answers only hits, in the order asked, duplicates included.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "common/protocol/response.h"
#include "common/protocol/response_parser.h"
#include "proxy/backend/backend.h"

namespace ringcache::proxy {

/// A request that can join a batch: "get <keys>\r\n" or "gets <keys>\r\n" with the keys
/// separated by single spaces (what the proxy writes, and what clients usually send).
struct GetLine {
  std::string_view command;  // "get" or "gets"
  std::string_view keys;     // "k1 k2 ..."
};

/// The request's parts when it can join a batch; nullopt otherwise (sent as it is).
std::optional<GetLine> parse_get_line(std::string_view request);

/// The part of a batch's reply for one of its requests, whose keys are `keys` (as in
/// GetLine): its VALUE items from `*next_item` on that match its keys in order (advancing
/// `*next_item`), then END; or, when the node answered an error, that error line instead.
/// `out.response` views point into `out.bytes`.
void split_batch_reply(const common::Response& reply, std::string_view keys,
                       std::size_t* next_item, const common::ResponseLimits& limits,
                       BackendResult& out);

}  // namespace ringcache::proxy
