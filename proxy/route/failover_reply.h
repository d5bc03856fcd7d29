// Failover-as-miss (DESIGN.md §4): what a client gets when the node owning its key is
// down, refused, reset or timed out. Reads miss, writes are not stored, the rest is not
// found: never an error for a read, and the ring never changes because a node failed.
#pragma once

#include <string>
#include <string_view>

#include "common/config/cluster_config.h"
#include "common/protocol/request.h"
#include "common/protocol/response.h"

namespace ringcache::proxy {

/// The SERVER_ERROR line writes get when write_failover_reply is "SERVER_ERROR".
inline constexpr std::string_view kWriteFailoverError = "SERVER_ERROR node unavailable\r\n";

/// Appends the failover reply to a text or meta request (`req.raw` must still be valid):
///   get gets gat gats, mg, me        END / EN
///   set add replace append prepend cas, ms   NOT_STORED / NS (or kWriteFailoverError)
///   delete incr decr touch, md ma    NOT_FOUND / NF
/// Meta replies echo the O and k (with b) flags in request order, as memcached does on a
/// miss; a reply that the request's q flag hides is left out.
void append_failover_reply(const common::Request& req, common::WriteFailoverReply mode,
                           std::string& out);

/// Whether a meta request with the q flag hides a reply with this code (memcached 1.6.18:
/// mg hides EN; ms and md hide HD; ma hides HD and VA; errors are never hidden).
bool quiet_hides(common::Command command, common::ReplyCode code);

}  // namespace ringcache::proxy
