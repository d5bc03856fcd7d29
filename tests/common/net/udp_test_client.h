// A UDP client for tests: sends memcached-framed requests to 127.0.0.1 and collects reply
// datagrams with bounded waits. It decodes headers itself, without the code under test.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ringcache::testing {

struct UdpReply {
  uint16_t id = 0, seq = 0, total = 0, reserved = 0;
  std::string payload;  // after the 8-byte header
  std::size_t size = 0;  // the whole datagram
};

/// "id seq total reserved|payload" for readable comparisons.
inline std::string describe(const UdpReply& r) {
  return std::to_string(r.id) + " " + std::to_string(r.seq) + " " + std::to_string(r.total) +
         " " + std::to_string(r.reserved) + "|" + r.payload;
}

inline std::string udp_frame(uint16_t id, std::string_view payload, uint16_t seq = 0,
                             uint16_t total = 1, uint16_t reserved = 0) {
  std::string d;
  for (uint16_t v : {id, seq, total, reserved}) {
    d.push_back(static_cast<char>(v >> 8));
    d.push_back(static_cast<char>(v & 0xff));
  }
  d.append(payload);
  return d;
}

class UdpTestClient {
 public:
  explicit UdpTestClient(int port) : port_(port) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int size = 8 << 20;  // room for big replies (the kernel may clamp it)
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
  ~UdpTestClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  UdpTestClient(const UdpTestClient&) = delete;
  UdpTestClient& operator=(const UdpTestClient&) = delete;

  bool send_raw(std::string_view datagram) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port_));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&a),
                    sizeof a) == static_cast<ssize_t>(datagram.size());
  }
  bool send(uint16_t id, std::string_view payload) { return send_raw(udp_frame(id, payload)); }

  /// Receives until `done(replies so far)` holds or `limit` passes.
  std::vector<UdpReply> receive_until(const std::function<bool(const std::vector<UdpReply>&)>& done,
                                      std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    std::vector<UdpReply> out;
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done(out)) {
      if (!receive_one(out, deadline)) break;
    }
    return out;
  }
  /// Receives `count` datagrams (fewer if `limit` passes first).
  std::vector<UdpReply> receive(std::size_t count,
                                std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    return receive_until([count](const auto& r) { return r.size() >= count; }, limit);
  }
  /// Everything that arrives until nothing has for `quiet`.
  std::vector<UdpReply> receive_quiet(std::chrono::milliseconds quiet) {
    std::vector<UdpReply> out;
    for (int i = 0; i < 100000; ++i) {
      if (!receive_one(out, std::chrono::steady_clock::now() + quiet)) break;
    }
    return out;
  }

  /// Sends `payload` with `id` and returns the datagrams carrying `id`: everything that
  /// came before the reply to a `version` sentinel sent right after it (a server with one
  /// worker answers in order), plus stragglers within `settle`.
  std::vector<UdpReply> call(uint16_t id, std::string_view payload,
                             std::chrono::milliseconds settle = std::chrono::milliseconds(30)) {
    return call_raw(id, udp_frame(id, payload), settle);
  }
  std::vector<UdpReply> call_raw(uint16_t id, std::string_view datagram,
                                 std::chrono::milliseconds settle = std::chrono::milliseconds(30)) {
    send_raw(datagram);
    send(kSentinelId, "version\r\n");
    std::vector<UdpReply> all = receive_until([](const std::vector<UdpReply>& r) {
      return !r.empty() && r.back().id == kSentinelId;
    });
    for (auto& r : receive_quiet(settle)) all.push_back(std::move(r));
    std::vector<UdpReply> mine;
    for (auto& r : all) {
      if (r.id == id) mine.push_back(std::move(r));
    }
    return mine;
  }
  static constexpr uint16_t kSentinelId = 0xfeed;

 private:
  bool receive_one(std::vector<UdpReply>& out, std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 8) return n >= 0;  // a short datagram is no reply of ours; keep listening
    auto at = [&](int i) {
      return static_cast<uint16_t>((static_cast<unsigned char>(buf[i]) << 8) |
                                   static_cast<unsigned char>(buf[i + 1]));
    };
    const auto size = static_cast<std::size_t>(n);
    out.push_back({at(0), at(2), at(4), at(6), std::string(buf + 8, size - 8), size});
    return true;
  }

  int fd_ = -1;
  int port_ = 0;
};

/// A UDP port on 127.0.0.1 that was free a moment ago.
inline int pick_free_udp_port() {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace ringcache::testing
