// Socket address helpers shared by listeners, connections and `stats conns`.
#pragma once

#include <sys/socket.h>

#include <string>

namespace ringcache::common {

/// memcached's conn_to_str text: "tcp:127.0.0.1:11211", "tcp6:[::1]:11211",
/// "unix:/path", or "?:<AF n>" for an address without a name (a unix-socket client).
std::string format_address(const sockaddr* address, socklen_t length);

/// The bound address of a socket, formatted as above.
std::string local_address_of(int fd);

/// Host and port of a TCP listener ("127.0.0.1", 11211); port -1 when not TCP.
struct HostPort {
  std::string host;
  int port = -1;
};
HostPort host_port_of(int fd);

/// Disables Nagle on a TCP socket (replies are sent whole, one send per batch).
void set_tcp_nodelay(int fd);

}  // namespace ringcache::common
