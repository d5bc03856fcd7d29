#include "node/server/udp_service.h"

#include <unistd.h>

#include <cstdio>

#include "node/server/listen_spec.h"

namespace ringcache::node {

UdpService::UdpService(NodeContext& context) : context_(context) {}

UdpService::~UdpService() {
  endpoints_.clear();  // deregisters from the (stopped) loops before the sockets close
  for (int fd : fds_) ::close(fd);
}

std::string UdpService::open(const Settings& settings) {
  if (settings.udp_port == 0 || !settings.unix_socket.empty()) return "";
  Settings udp = settings;  // the TCP addresses, with -U where an entry names no port
  udp.port = settings.udp_port;
  for (const common::ListenerSpec& spec : listener_specs(udp)) {
    std::string error;
    std::vector<int> fds = common::open_udp_sockets(spec.host, spec.port, error);
    if (fds.empty()) return "failed to listen on one of interface(s) " + spec.host + ": " + error;
    fds_.insert(fds_.end(), fds.begin(), fds.end());
  }
  return "";
}

void UdpService::start(common::Server& server) {
  const std::size_t workers = server.worker_count();
  for (std::size_t w = 0; w < workers; ++w) {
    handlers_.push_back(std::make_unique<UdpRequestHandler>(context_, *context_.workers[w]));
  }
  for (int fd : fds_) {
    for (std::size_t w = 0; w < workers; ++w) {
      common::EventLoop& loop = server.worker_loop(w);
      endpoints_.push_back(std::make_unique<common::UdpEndpoint>(loop, fd, *handlers_[w]));
      loop.post([endpoint = endpoints_.back().get(), fd] {
        if (!endpoint->start()) std::fprintf(stderr, "failed to serve UDP socket %d\n", fd);
      });
      if (context_.settings.verbose > 1) {
        std::fprintf(stderr, "<%d server listening (udp)\n", fd);
      }
    }
  }
  const auto conns = static_cast<int64_t>(endpoints_.size());
  context_.connections.curr_connections.add(conns);
  context_.connections.total_connections.add(conns);
  context_.connections.connection_structures.add(conns);
}

}  // namespace ringcache::node
