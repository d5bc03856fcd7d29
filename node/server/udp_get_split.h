// memcached 1.6 sends the reply to a multi-key text get over UDP as one message per key
// (a "response object" each, numbered from sequence 0 on its own): the key's VALUE item,
// or nothing for a miss, with END added to the last key's message. `get a b c` with b
// missing is three messages: "VALUE a ...", "" and "END" alone. (Of the empty ones,
// memcached then sends only a first: see udp_request_handler.h.)
#pragma once

#include <string_view>
#include <vector>

namespace ringcache::node {

/// Cuts `reply` (the get's whole text reply) into one message per key of `keys`, in
/// order; messages point into `reply`. Returns false, leaving `messages` empty, when the
/// reply is not VALUE items for those keys followed by END (an error reply, say): it is
/// then one message.
bool split_get_reply(std::string_view reply, const std::vector<std::string_view>& keys,
                     std::vector<std::string_view>& messages);

}  // namespace ringcache::node
