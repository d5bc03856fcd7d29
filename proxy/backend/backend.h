// The seam between the proxy's request routing and its connections to cache nodes.
//
// Each worker thread has its own BackendPool: one Backend per node, holding a pipelined
// connection. Everything here runs on that worker's loop thread. Routing code builds the
// request bytes (common/protocol/request_writer.h) and gets the node's reply back, framed
// by common/protocol/response_parser.h, or a failure it turns into a miss (DESIGN.md §4).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/protocol/response.h"
#include "proxy/backend/reply_callback.h"

namespace ringcache::proxy {

enum class BackendStatus : uint8_t {
  kOk,       // `response` is the node's reply
  kDown,     // the node is marked down: answered at once without touching the network
  kFailed,   // connect refused/reset, or the connection broke while the request was pending
  kTimeout,  // no reply within the reply timeout
};

struct BackendResult {
  BackendStatus status = BackendStatus::kFailed;
  common::Response response;  // views point into `bytes`
  // The reply as received (kOk only). Always heap-allocated, so moving a BackendResult
  // keeps `response`'s views valid.
  std::string bytes;
};

/// One cache node as seen from one worker thread.
class Backend {
 public:
  virtual ~Backend() = default;
  /// Queues one complete request (wire bytes) and calls `done` with the node's reply to it,
  /// exactly once, on the loop thread (possibly before send() returns, when the node is down).
  /// `expect` frames the reply. Requests on one Backend are answered in the order sent.
  /// The request must draw exactly one reply (no noreply, no quiet meta flags). A write
  /// (is_write(expect), node_health.h) that is not known to have reached the node makes the
  /// node owe a flush_all before traffic returns to it after it was down.
  virtual void send(std::string_view request, common::ResponseExpect expect, ReplyCallback done) = 0;
  /// True while the node is marked down (send() fails fast with kDown).
  virtual bool is_down() const = 0;
  /// "host:port" of the node.
  virtual const std::string& address() const = 0;
};

/// The backends of one worker thread, by node address ("host:port"). Backends of nodes that
/// stay in the configuration keep their connections across reloads.
class BackendPool {
 public:
  virtual ~BackendPool() = default;
  /// The backend for `address`, created (and connected lazily) on first use.
  virtual Backend& get(const std::string& address) = 0;
  /// After a reload: drops the backends of nodes no longer listed. Requests already sent to
  /// them still get their replies (or a timeout); their connections close once drained.
  virtual void retain(const std::vector<std::string>& addresses) = 0;
};

}  // namespace ringcache::proxy
