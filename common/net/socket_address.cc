#include "common/net/socket_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>

#include <cstring>

namespace ringcache::common {
namespace {

HostPort host_port(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    return {text, ntohs(in->sin_port)};
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    return {text, ntohs(in6->sin6_port)};
  }
  return {};
}

}  // namespace

std::string format_address(const sockaddr* address, socklen_t length) {
  if (length >= static_cast<socklen_t>(sizeof(sa_family_t))) {
    HostPort hp = host_port(address);
    if (address->sa_family == AF_INET) return "tcp:" + hp.host + ":" + std::to_string(hp.port);
    if (address->sa_family == AF_INET6) {
      return "tcp6:[" + hp.host + "]:" + std::to_string(hp.port);
    }
    if (address->sa_family == AF_UNIX && length > static_cast<socklen_t>(sizeof(sa_family_t))) {
      const auto* un = reinterpret_cast<const sockaddr_un*>(address);
      return std::string("unix:") + un->sun_path;
    }
  }
  // memcached prints this for peers without a name, i.e. unix-socket clients.
  return "?:<AF 0>";
}

std::string local_address_of(int fd) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) return "?:<AF 0>";
  return format_address(reinterpret_cast<sockaddr*>(&storage), length);
}

HostPort host_port_of(int fd) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) return {};
  return host_port(reinterpret_cast<sockaddr*>(&storage));
}

void set_tcp_nodelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace ringcache::common
