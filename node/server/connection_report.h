// `stats conns`: one block per listener and per client connection, as memcached prints them.
#pragma once

#include <string>

#include "common/net/server.h"

namespace ringcache::node {

/// Appends, ordered by fd, for listeners:
///   STAT <fd>:addr tcp:127.0.0.1:11211 / :state conn_listening / :secs_since_last_cmd N
/// and for clients: addr, listen_addr, state (conn_read, conn_parse_cmd, ...) and
/// secs_since_last_cmd. No END line (the caller ends the reply). Any thread.
void describe_connections(const common::Server& server, std::string& out);

}  // namespace ringcache::node
