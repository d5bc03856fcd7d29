// UdpService: memcached's UDP port (-U), off unless asked for.
//
// It binds the addresses TCP listens on (-l, a "host:port" entry keeping its own port as
// memcached does) and serves every UDP socket on every worker loop, as memcached gives each
// worker thread the socket: a datagram is read, run and answered by whichever worker the
// kernel wakes (see common/net/udp_socket.h), with that worker's stats. -U 0 and -s (a
// unix socket replaces the network) open no UDP socket at all.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/net/server.h"
#include "common/net/udp_socket.h"
#include "node/exec/node_context.h"
#include "node/server/udp_request_handler.h"

namespace ringcache::node {

class UdpService {
 public:
  /// `context.workers` must be filled (one WorkerStats per worker loop).
  explicit UdpService(NodeContext& context);
  /// Closes the sockets. The worker loops must have stopped (Server::run() returned) or
  /// never run.
  ~UdpService();
  UdpService(const UdpService&) = delete;
  UdpService& operator=(const UdpService&) = delete;

  /// Binds the sockets -U asks for (none for -U 0 or -s). Returns "" or memcached's
  /// message, e.g. "failed to listen on one of interface(s) 127.0.0.1: Address already in use".
  std::string open(const Settings& settings);
  /// Before Server::run(): each worker loop starts serving the sockets on its first turn.
  /// memcached counts each worker's UDP "connection" in curr_connections,
  /// total_connections and connection_structures; so does this.
  void start(common::Server& server);

  std::size_t socket_count() const { return fds_.size(); }

 private:
  NodeContext& context_;
  std::vector<int> fds_;
  std::vector<std::unique_ptr<UdpRequestHandler>> handlers_;    // one per worker
  std::vector<std::unique_ptr<common::UdpEndpoint>> endpoints_;  // socket x worker
};

}  // namespace ringcache::node
