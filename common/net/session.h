// The seam between a transport and protocol logic.
//
// A SessionHandler turns input bytes into output bytes and never touches a socket, so the
// node's and the proxy's sessions can be tested on strings and the loop under them can change.
//
// Synchronous use (the node): on_input() appends every reply it can produce to `out` and
// returns the bytes it consumed; the connection sends all of them with one send() per batch.
//
// Asynchronous use (the proxy): the handler keeps the SessionControl it was created with,
// appends to control.output() later (e.g. when a backend reply arrives, on the same loop
// thread) and calls flush(). Lifetime: the handler is owned by its connection and destroyed
// after on_close(), at the end of a loop iteration; callbacks that may outlive it must hold
// weak_control() (and check is_open()) or be cancelled in on_close().
//
// Output bounds: the connection hands input over in windows (16 KiB unless a request is
// bigger) and stops handing any while more than a high-water mark of output is unsent. A
// handler whose replies can be much bigger than its requests (get of big values) should also
// return early, once the replies it appended in this call pass kSoftOutputLimit (`out` may
// already hold unsent bytes from before: count from its size at entry). The connection sends
// them and calls again as soon as the client has caught up, so a client that never reads
// cannot make the server buffer more than the high-water mark plus one call's replies.
//
// Stop: on a graceful stop the connection stops reading, then closes once its output is sent
// and busy() is false (or when the server's drain deadline passes).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace ringcache::common {

class EventLoop;

/// See "Output bounds" above.
inline constexpr std::size_t kSoftOutputLimit = 256u << 10;

class SessionHandler {
 public:
  virtual ~SessionHandler() = default;
  /// Handles complete requests at the front of `in`, appending replies to `out`. Returns the
  /// bytes consumed (0 = needs more input). Sets `close` to close once `out` is sent; input
  /// after that point is discarded. `in` is valid only during the call.
  virtual std::size_t on_input(std::string_view in, std::string& out, bool& close) = 0;
  /// The connection is closed (peer gone, error, close() done, or stop). Called once.
  virtual void on_close() {}
  /// Whether replies are still owed asynchronously (a graceful stop waits for them).
  virtual bool busy() const { return false; }
};

/// What a handler may do with its connection later. Loop thread only, except weak_control().
class SessionControl {
 public:
  /// The output buffer: append replies, then flush().
  virtual std::string& output() = 0;
  /// Sends what output() holds (one send; the rest follows when the socket is writable).
  virtual void flush() = 0;
  /// Stops handing input to the handler (and reading the socket) until resume_reading().
  virtual void pause_reading() = 0;
  /// Resumes; input already buffered is handed over again in a later loop iteration.
  virtual void resume_reading() = 0;
  /// Closes once the output is sent; no more input is handled.
  virtual void close() = 0;
  /// Closes now, dropping unsent output.
  virtual void abort() = 0;
  virtual bool is_open() const = 0;
  /// Bytes appended but not yet accepted by the kernel.
  virtual std::size_t unsent_bytes() const = 0;
  /// The client's address as memcached prints it ("tcp:127.0.0.1:40000").
  virtual const std::string& peer_address() const = 0;
  /// The loop that owns this connection (for timers and posts).
  virtual EventLoop& loop() = 0;
  /// A handle that outlives the connection; lock() and check is_open() before use.
  virtual std::weak_ptr<SessionControl> weak_control() = 0;

 protected:
  ~SessionControl() = default;
};

}  // namespace ringcache::common
