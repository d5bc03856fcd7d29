// ClientConnection: one outgoing, non-blocking TCP connection on an EventLoop.
//
// connect() starts a connect with a deadline; write() queues bytes, and everything queued
// during one loop iteration goes out with one send() at the end of it (a posted task), so a
// batch of pipelined requests costs one syscall. Input lands in a ReadBuffer handed to the
// `data` handler, which consumes what it could use.
//
// Callbacks: `connected`, `data` and `closed` run on the loop thread and never inside a call
// made by the owner (connect/write/close): a connect that fails at once is reported from a
// posted task. `closed` runs once, for a close the owner did not ask for: the peer closed
// (error 0), a socket error (errno), the connect deadline (ETIMEDOUT), input over the buffer
// cap (EMSGSIZE). close() clears the handlers, so an owner that calls it in its destructor
// is never called back afterwards.
//
// Lifetime: create with std::make_shared (the object keeps itself alive while one of its
// callbacks runs, and until the end of the loop iteration in which it closed). Loop thread only.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/net/event_loop.h"
#include "common/net/read_buffer.h"

namespace ringcache::common {

/// A resolved TCP address to connect to.
struct Endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;
  std::string text;  ///< "host:port" as given, for messages
};

/// Resolves `host` (an IPv4/IPv6 literal, or a name: getaddrinfo, which blocks) and `port`.
/// On failure returns nullopt and, when `error` is set, the reason.
std::optional<Endpoint> resolve_endpoint(const std::string& host, uint16_t port,
                                         std::string* error = nullptr);

struct ClientConnectionOptions {
  std::chrono::milliseconds connect_timeout{1000};
  std::size_t max_read_buffer = std::size_t{1} << 30;  // unconsumed input cap (EMSGSIZE past it)
  int max_reads_per_event = 4;                         // fairness between a loop's connections
};

class ClientConnection final : private IoHandler,
                               public std::enable_shared_from_this<ClientConnection> {
 public:
  struct Handlers {
    std::function<void()> connected;
    /// New input; consume (ReadBuffer::consume) what was used, leave the rest for later.
    std::function<void(ReadBuffer& in)> data;
    /// The connection closed without close(): 0 = the peer closed, else an errno value.
    std::function<void(int error)> closed;
  };

  ClientConnection(EventLoop& loop, Handlers handlers, ClientConnectionOptions options = {});
  ~ClientConnection();
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  /// Starts connecting (once per object). Success: `connected`; failure: `closed(errno)`.
  void connect(const Endpoint& endpoint);
  /// Queues bytes; they are sent at the end of this loop iteration, or once connected.
  void write(std::string_view bytes);
  /// Closes now, dropping unsent bytes; no callback runs after this.
  void close();
  /// Optional: `fn` runs just before queued bytes are sent, so an owner that batches can
  /// finish what it queued; what it write()s then goes out in the same send().
  void set_before_flush(std::function<void()> fn) { before_flush_ = std::move(fn); }

  bool is_open() const { return fd_ >= 0; }
  bool is_connected() const { return connected_; }
  std::size_t unsent_bytes() const { return out_.size() - sent_; }

 private:
  void on_io(uint32_t events) override;
  void on_connect_ready();
  void on_readable();
  void schedule_flush();
  void flush();
  void update_interest();
  void fail(int error);
  void defer_release();

  EventLoop& loop_;
  Handlers handlers_;
  std::function<void()> before_flush_;
  const ClientConnectionOptions options_;
  int fd_ = -1;
  bool connect_started_ = false;
  bool connected_ = false;
  bool flush_posted_ = false;
  bool dispatching_ = false;  // inside the data handler: `in_` is in use
  uint32_t interest_ = 0;
  EventLoop::TimerId connect_timer_ = 0;
  ReadBuffer in_;
  std::string out_;
  std::size_t sent_ = 0;
};

}  // namespace ringcache::common
