// Listener: one listening socket (TCP or unix) on the control thread's io_context. Asio only
// waits for readiness; accept4() then takes every pending connection at once, non-blocking,
// so accepted fds go straight to the worker loops without an Asio socket in between.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/net/asio.h"

namespace ringcache::common {

class Listener {
 public:
  /// fd: accepted, non-blocking, close-on-exec; peer: formatted address.
  using AcceptFn = std::function<void(int fd, std::string peer)>;

  /// Binds and listens; on failure returns nullptr and sets `error` (errno text).
  static std::unique_ptr<Listener> open_tcp(net::io_context& io, const net::ip::tcp::endpoint& at,
                                            int backlog, std::string& error);
  /// Replaces a stale socket file; the file gets permissions `mask` (memcached's -a).
  static std::unique_ptr<Listener> open_unix(net::io_context& io, const std::string& path,
                                             int mask, int backlog, std::string& error);
  ~Listener();

  void start(AcceptFn on_accept);
  /// Stops accepting and closes the socket (a unix socket file is removed).
  void close();

  bool is_tcp() const { return tcp_.has_value(); }
  bool is_open() const { return open_.load(std::memory_order_relaxed); }
  int fd() const { return fd_; }
  /// "tcp:127.0.0.1:11211" / "unix:/path" (as memcached prints it).
  const std::string& address() const { return address_; }
  /// Steady-clock milliseconds of the latest accept (or of the start).
  int64_t last_accept_ms() const { return last_accept_ms_.load(std::memory_order_relaxed); }

 private:
  explicit Listener(net::io_context& io);
  void wait();
  void accept_ready();

  std::optional<net::ip::tcp::acceptor> tcp_;
  std::optional<net::local::stream_protocol::acceptor> unix_;
  net::steady_timer retry_;
  AcceptFn on_accept_;
  std::string address_;
  std::string unix_path_;
  int fd_ = -1;
  std::atomic<bool> open_{true};
  std::atomic<int64_t> last_accept_ms_{0};
};

}  // namespace ringcache::common
