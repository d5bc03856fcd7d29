// Connection: one client socket on an EventLoop, driving a SessionHandler.
//
// Read path: one read() per readiness event into the ReadBuffer (a second one only when the
// first filled the buffer: level-triggered epoll reports the rest later), then the handler
// gets the unconsumed input in windows of input_window bytes, so one call cannot produce an
// unbounded amount of output. Write path: the handler writes the batch's replies into the
// loop's spare buffer and they go out with one send(); only what the socket did not take is
// copied into the connection's own buffer, and EPOLLOUT is registered only while it holds some. Backpressure: while more than
// output_high_water bytes are unsent the connection neither reads nor handles input, until
// the client has taken all but output_low_water of them.
//
// Threads: everything runs on the owning loop's thread, except the read-only accessors
// marked "any thread" (used by `stats conns`). Create with std::make_shared: closing keeps
// the object alive until the end of the loop iteration.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/net/event_loop.h"
#include "common/net/read_buffer.h"
#include "common/net/session.h"

namespace ringcache::common {

struct ConnectionOptions {
  std::size_t max_read_buffer = 64u << 20;   // a request that does not fit closes the connection
  std::size_t input_window = 16u << 10;      // input per on_input call (bigger if a request is)
  std::size_t output_high_water = 1u << 20;  // stop reading above this many unsent bytes ...
  std::size_t output_low_water = 256u << 10; // ... until no more than this is left
  int max_reads_per_event = 4;               // fairness between a loop's connections
};

/// What a connection is doing, in memcached's `stats conns` terms.
enum class ConnectionState : uint8_t { kRead, kParsing, kNread, kWrite, kClosing, kClosed };
const char* state_name(ConnectionState state);  // "conn_read", ...

class Connection final : public SessionControl,
                         private IoHandler,
                         public std::enable_shared_from_this<Connection> {
 public:
  using ClosedFn = std::function<void(Connection&)>;

  /// Takes ownership of `fd` (non-blocking). peer/local are display names. `local` and
  /// `options` are shared by every connection of a listener (an idle connection's size
  /// counts): they must outlive the connection.
  Connection(EventLoop& loop, int fd, std::string peer, const std::string& local,
             const ConnectionOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Loop thread: registers the socket and starts reading. on_closed runs once, after the
  /// handler's on_close(), when the connection closes for any reason.
  void start(std::unique_ptr<SessionHandler> handler, ClosedFn on_closed = {});
  /// Graceful stop: handle what was already received, stop reading, close when flushed.
  void drain();

  // SessionControl (loop thread).
  std::string& output() override;
  void flush() override;
  void pause_reading() override;
  void resume_reading() override;
  void close() override;
  void abort() override;
  bool is_open() const override { return !closed_; }
  std::size_t unsent_bytes() const override { return buf().size() - sent_; }
  const std::string& peer_address() const override { return peer_; }
  EventLoop& loop() override { return loop_; }
  std::weak_ptr<SessionControl> weak_control() override { return weak_from_this(); }

  /// Any thread.
  int fd() const { return fd_; }
  const std::string& local_address() const { return local_; }
  ConnectionState state() const { return state_.load(std::memory_order_relaxed); }
  /// Steady-clock milliseconds of the latest input (or of the start).
  int64_t last_active_ms() const { return last_active_ms_.load(std::memory_order_relaxed); }

  /// Loop thread: socket byte counts.
  uint64_t bytes_read() const { return bytes_read_; }
  uint64_t bytes_written() const { return bytes_written_; }

  /// The owner's bookkeeping: this connection's index in its table (O(1) removal).
  std::size_t owner_slot() const { return owner_slot_; }
  void set_owner_slot(std::size_t slot) { owner_slot_ = slot; }

 private:
  void on_io(uint32_t events) override;
  void on_readable();
  void on_eof();
  void process_input();
  void schedule_processing();
  bool run_handler();
  void send_output();
  void after_output();
  void update_interest();
  void update_state();
  void begin_output();
  void end_output();
  // Where replies go now: the loop's spare buffer while processing input, else out_.
  std::string& buf() { return in_spare_ ? loop_.spare_output() : out_; }
  const std::string& buf() const { return in_spare_ ? loop_.spare_output() : out_; }
  void take_spare_output();
  void give_back_output();
  bool reading() const;
  bool over_high_water() const { return unsent_bytes() > options_.output_high_water; }
  void touch();

  EventLoop& loop_;
  const int fd_;
  const std::string peer_;
  const std::string& local_;
  const ConnectionOptions& options_;
  std::unique_ptr<SessionHandler> handler_;
  ClosedFn on_closed_;

  ReadBuffer in_;
  std::string out_;       // replies waiting for the socket (outside processing)
  std::size_t sent_ = 0;  // bytes of buf() already sent
  uint32_t interest_ = 0;
  bool registered_ = false;
  bool closed_ = false;
  bool processing_ = false;     // inside process_input (flush is deferred)
  bool in_spare_ = false;       // processing writes into the loop's spare output buffer
  bool paused_ = false;         // pause_reading()
  bool backpressured_ = false;  // too much unsent output
  bool close_pending_ = false;  // close once output is sent
  bool draining_ = false;
  bool resume_posted_ = false;
  uint64_t bytes_read_ = 0;
  uint64_t bytes_written_ = 0;
  std::size_t owner_slot_ = 0;
  std::atomic<ConnectionState> state_{ConnectionState::kRead};
  std::atomic<int64_t> last_active_ms_{0};
};

}  // namespace ringcache::common
