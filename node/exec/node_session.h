// NodeSession: one client connection's protocol logic, free of I/O. The network layer
// feeds it bytes and sends what it appends. The first byte fixes the protocol as in
// memcached (0x80: binary, else text and meta), unless -B, -S (binary only) or -Y (text
// only, after authentication) fixed it for every connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/protocol/request.h"
#include "common/protocol/text_parser.h"
#include "node/auth/sasl_session.h"
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
  // The worker thread's scratch request: a request lives only while on_input() runs (it is
  // parsed and executed synchronously), so one per thread serves every connection and an
  // idle connection does not carry its ~1 KB.
  common::Request& request_;
  std::size_t swallow_ = 0;     // data-block bytes still to discard (conn_swallow)
  common::Protocol protocol_ = common::Protocol::kText;
  bool protocol_known_ = false;   // false until the first byte (with -B auto)
  bool text_auth_ = false;        // -Y: text requests wait for authentication
  bool authenticated_ = false;    // -Y: this connection has authenticated
  SaslSession sasl_;              // -S: binary SASL state

  // One request at the front of `in`: how much it used, or that more bytes are needed.
  struct Step {
    std::size_t consumed = 0;
    bool need_more = false;
    bool close = false;
  };
  Step text_step(std::string_view in, std::string& out);
  Step text_auth_step(std::string_view in, std::string& out);
  Step binary_step(std::string_view in, std::string& out);

  // Runs request_ and appends its reply (dropped again for noreply). Returns false
  // when the connection must close after `out` is sent.
  bool execute(std::string& out);
  bool dispatch(std::string& out);
};

}  // namespace ringcache::node
