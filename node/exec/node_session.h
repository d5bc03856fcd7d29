// NodeSession: one client connection's protocol logic, free of I/O. The network layer
// feeds it bytes and sends what it appends.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/protocol/request.h"
#include "common/protocol/text_parser.h"
#include "node/exec/node_context.h"

namespace ringcache::node {

class NodeSession {
 public:
  NodeSession(NodeContext& context, WorkerStats& stats);

  // Handles every complete request at the front of `in`, appending the replies to `out`.
  // Returns how many bytes of `in` it consumed; sets `close` when the connection must be
  // closed once `out` has been sent (quit, a line memcached refuses, ...).
  std::size_t on_input(std::string_view in, std::string& out, bool& close);

 private:
  NodeContext& context_;
  WorkerStats& stats_;
  common::Request request_;     // reused for every request on this connection
  std::size_t swallow_ = 0;     // data-block bytes still to discard (conn_swallow)
  common::TextParserLimits limits_;

  // Runs request_ and appends its reply (dropped again for noreply). Returns false
  // when the connection must close after `out` is sent.
  bool execute(std::string& out);
  bool dispatch(std::string& out);
};

}  // namespace ringcache::node
