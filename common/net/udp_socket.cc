#include "common/net/udp_socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ringcache::common {
namespace {

constexpr int kSendBatch = 64;                 // datagrams per sendmmsg
constexpr int kMaxSendBuffer = 256 << 20;      // memcached's MAX_SENDBUF_SIZE; the kernel clamps
constexpr std::size_t kKeepReplyBytes = 4u << 20;  // larger reply scratch is given back

int open_one(const addrinfo& ai, std::string& error) {
  int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  int one = 1;
  if (ai.ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  int size = kMaxSendBuffer;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  if (::bind(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::vector<int> open_udp_sockets(const std::string& host, int port, std::string& error) {
  addrinfo hints{};
  hints.ai_flags = AI_PASSIVE;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(),
                         &hints, &found);
  if (rc != 0) {
    error = ::gai_strerror(rc);
    return {};
  }
  std::vector<int> fds;
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    int fd = open_one(*ai, error);
    if (fd >= 0) fds.push_back(fd);
  }
  ::freeaddrinfo(found);
  // Like the TCP listeners: one address that binds is enough (e.g. no IPv6 on the host).
  if (!fds.empty()) error.clear();
  return fds;
}

UdpEndpoint::UdpEndpoint(EventLoop& loop, int fd, DatagramHandler& handler)
    : loop_(loop), fd_(fd), handler_(handler), buffer_(kUdpReadBufferSize) {}

UdpEndpoint::~UdpEndpoint() { stop(); }

bool UdpEndpoint::start() {
  if (!registered_) registered_ = loop_.add_fd(fd_, kIoRead | EPOLLEXCLUSIVE, this);
  return registered_;
}

void UdpEndpoint::stop() {
  if (registered_) loop_.remove_fd(fd_);
  registered_ = false;
}

void UdpEndpoint::on_io(uint32_t) {
  for (int i = 0; i < kDatagramsPerEvent; ++i) {
    sockaddr_storage peer{};
    socklen_t peer_length = sizeof peer;
    ssize_t n = ::recvfrom(fd_, buffer_.data(), buffer_.size(), MSG_TRUNC,
                           reinterpret_cast<sockaddr*>(&peer), &peer_length);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // EAGAIN: another loop took it, or nothing is left
    }
    if (static_cast<std::size_t>(n) > buffer_.size()) continue;  // cannot be a request
    received_.fetch_add(1, std::memory_order_relaxed);
    handler_.on_datagram(std::string_view(buffer_.data(), static_cast<std::size_t>(n)), replies_);
    if (!replies_.empty()) send_replies(&peer, peer_length);
  }
}

void UdpEndpoint::send_replies(const void* peer, unsigned peer_length) {
  std::size_t next = 0;
  while (next < replies_.size()) {
    mmsghdr messages[kSendBatch];
    iovec parts[kSendBatch];
    int count = static_cast<int>(std::min<std::size_t>(kSendBatch, replies_.size() - next));
    for (int i = 0; i < count; ++i) {
      std::string_view d = replies_[next + static_cast<std::size_t>(i)];
      parts[i] = {const_cast<char*>(d.data()), d.size()};
      messages[i] = {};
      messages[i].msg_hdr.msg_name = const_cast<void*>(peer);
      messages[i].msg_hdr.msg_namelen = peer_length;
      messages[i].msg_hdr.msg_iov = &parts[i];
      messages[i].msg_hdr.msg_iovlen = 1;
    }
    int sent = ::sendmmsg(fd_, messages, static_cast<unsigned>(count), MSG_DONTWAIT);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) {
      // A full send buffer (or an unreachable peer): UDP may lose datagrams, and waiting
      // here would stall every other client of this loop.
      send_drops_.fetch_add(replies_.size() - next, std::memory_order_relaxed);
      break;
    }
    next += static_cast<std::size_t>(sent);
  }
  if (replies_.capacity_bytes() > kKeepReplyBytes) {
    replies_ = UdpDatagrams{};
  } else {
    replies_.clear();
  }
}

}  // namespace ringcache::common
