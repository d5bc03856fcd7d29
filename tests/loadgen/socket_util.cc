#include "socket_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "options.h"

namespace ringcache::loadgen {
namespace {

// Fills a sockaddr for a numeric loopback literal; the length, or 0 when not loopback.
socklen_t loopback_address(const std::string& host, uint16_t port, sockaddr_storage* ss) {
  std::string literal = resolve_loopback(host);
  if (!is_loopback(literal)) return 0;
  std::memset(ss, 0, sizeof(*ss));
  auto* v4 = reinterpret_cast<sockaddr_in*>(ss);
  if (inet_pton(AF_INET, literal.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    return sizeof(sockaddr_in);
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(ss);
  if (inet_pton(AF_INET6, literal.c_str(), &v6->sin6_addr) != 1) return 0;
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons(port);
  return sizeof(sockaddr_in6);
}

bool wait_connected(int fd, double timeout_s, std::string* error) {
  pollfd p{fd, POLLOUT, 0};
  int rc = poll(&p, 1, static_cast<int>(timeout_s * 1000));
  int so_error = 0;
  socklen_t len = sizeof(so_error);
  if (rc <= 0) {
    *error = rc == 0 ? "connect timed out" : std::strerror(errno);
    return false;
  }
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
  if (so_error != 0) *error = std::strerror(so_error);
  return so_error == 0;
}

}  // namespace

int connect_loopback(const std::string& host, uint16_t port, double timeout_s, std::string* error) {
  sockaddr_storage ss{};
  socklen_t len = loopback_address(host, port, &ss);
  if (len == 0) {
    *error = "refusing non-loopback address " + host;
    return -1;
  }
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    *error = std::strerror(errno);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0 ||
            (errno == EINPROGRESS && wait_connected(fd, timeout_s, error));
  if (!ok && error->empty()) *error = std::strerror(errno);
  int flags = fcntl(fd, F_GETFL);
  if (!ok || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

bool set_io_timeout(int fd, double seconds) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(seconds);
  tv.tv_usec = static_cast<suseconds_t>((seconds - static_cast<double>(tv.tv_sec)) * 1e6);
  return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
         setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

int64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace ringcache::loadgen
