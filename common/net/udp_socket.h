// UDP serving on the worker loops.
//
// open_udp_sockets() binds like a TCP listener (one socket per address the host resolves
// to). A UdpEndpoint serves one socket on one EventLoop; the node puts an endpoint for
// every socket on every worker loop, as memcached gives each worker thread the UDP socket.
// The endpoints of one socket register it with EPOLLEXCLUSIVE, so that a datagram wakes
// one loop rather than all of them, and whichever loop reads a datagram handles it whole:
// handler, replies and send stay on that thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/event_loop.h"
#include "common/net/udp_frame.h"

namespace ringcache::common {

/// Binds UDP sockets for `host` ("" = every interface) and `port`: non-blocking,
/// close-on-exec, IPv6 ones v6-only, the send buffer raised as far as the system allows (a
/// big reply is a burst of datagrams). No SO_REUSEADDR: on UDP it would let a second
/// process bind the same port and take part of the traffic. On failure returns no socket
/// and sets `error` (errno text, e.g. "Address already in use").
std::vector<int> open_udp_sockets(const std::string& host, int port, std::string& error);

/// Turns one received datagram into the datagrams to send back to its sender.
class DatagramHandler {
 public:
  virtual void on_datagram(std::string_view datagram, UdpDatagrams& replies) = 0;

 protected:
  ~DatagramHandler() = default;
};

/// One UDP socket served on one loop. It does not own the socket. Loop thread only, except
/// the counters.
class UdpEndpoint final : public IoHandler {
 public:
  /// Datagrams read per readiness event before the loop serves its other fds again.
  static constexpr int kDatagramsPerEvent = 32;

  UdpEndpoint(EventLoop& loop, int fd, DatagramHandler& handler);
  ~UdpEndpoint();
  UdpEndpoint(const UdpEndpoint&) = delete;
  UdpEndpoint& operator=(const UdpEndpoint&) = delete;

  /// Registers the socket with the loop; false when epoll refuses it.
  bool start();
  /// Deregisters it (safe when not started).
  void stop();

  void on_io(uint32_t events) override;

  /// Any thread: datagrams handled, and reply datagrams dropped because the socket's send
  /// buffer was full (UDP has no back-pressure; memcached would stall the worker instead).
  uint64_t received() const { return received_.load(std::memory_order_relaxed); }
  uint64_t send_drops() const { return send_drops_.load(std::memory_order_relaxed); }

 private:
  void send_replies(const void* peer, unsigned peer_length);

  EventLoop& loop_;
  int fd_;
  DatagramHandler& handler_;
  bool registered_ = false;
  std::vector<char> buffer_;
  UdpDatagrams replies_;
  std::atomic<uint64_t> received_{0};
  std::atomic<uint64_t> send_drops_{0};
};

}  // namespace ringcache::common
