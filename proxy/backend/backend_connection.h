// BackendConnection: one worker's pipelined connection to one cache node (a Backend).
//
// Requests queue in a FIFO (reply callback, expected reply, deadline) and their bytes go out
// together: everything sent during one loop iteration leaves in one send(). Plain gets of
// one iteration are merged into one get command (get_batch.h), whose reply is split back.
// Replies are framed with parse_response in order and matched to the FIFO's head.
//
// Failures. A reply missing past its deadline (timeouts.reply_ms, counted from when the
// bytes could go out) answers its request kTimeout; a reply that cannot be framed answers
// kFailed. Either way the stream can no longer be trusted to line up with the FIFO (a late
// reply would be taken for the next request's), so the connection is closed and every other
// pending request gets kFailed. The next send() reconnects at once.
// The connection is opened lazily, on the first send(), with timeouts.connect_ms. A failed
// connect fails what waited for it and starts a jittered exponential backoff (the probe
// bounds of failure_detection); until it ends, send() answers kFailed without connecting.
// What marks the node down is decided by NodeHealth (node_health.h); while it is down,
// send() answers kDown at once and pokes the NodeProber that brings it back.
//
// Draining (a reload removed the node): drain() refuses new requests but lets those already
// sent finish on this connection (DESIGN.md §4: requests in flight finish on the old
// configuration); the connection closes once none is pending, at the latest when the reply
// timeout fails the oldest.
//
// Loop thread only. Callbacks run on the loop thread, never after the destructor returned,
// and may call send() again; they must not destroy the backend (BackendPool::retain defers
// that to the end of the iteration).
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/config/cluster_config.h"
#include "common/net/client_connection.h"
#include "common/net/event_loop.h"
#include "common/protocol/response.h"
#include "proxy/backend/backend.h"
#include "proxy/backend/backend_options.h"
#include "proxy/backend/backoff.h"
#include "proxy/backend/node_health.h"
#include "proxy/backend/node_prober.h"

namespace ringcache::proxy {

class BackendConnection final : public Backend {
 public:
  BackendConnection(common::EventLoop& loop, std::shared_ptr<NodeHealth> health,
                    const BackendOptions& options, common::TimeoutConfig timeouts);
  /// Answers every pending request kFailed.
  ~BackendConnection() override;
  BackendConnection(const BackendConnection&) = delete;
  BackendConnection& operator=(const BackendConnection&) = delete;

  void send(std::string_view request, common::ResponseExpect expect, ReplyCallback done) override;
  bool is_down() const override { return health_->is_down(); }
  const std::string& address() const override { return health_->address(); }

  /// Takes effect for later requests and connects.
  void set_timeouts(common::TimeoutConfig timeouts);
  /// Closes the connection and answers every pending request kFailed; later sends too.
  void shutdown();
  /// Later sends fail kFailed; pending requests still get their replies. When none is
  /// left, closes the connection and calls `drained` once (from inside a reply callback's
  /// caller: it must not destroy this backend synchronously).
  void drain(std::function<void()> drained);
  bool draining() const { return static_cast<bool>(drained_); }

  const std::shared_ptr<NodeHealth>& health() const { return health_; }
  std::size_t pending() const { return pending_.size(); }
  bool connected() const { return state_ == State::kConnected; }
  /// The wait chosen after the latest failed connect.
  Backoff::Duration last_backoff() const { return last_backoff_; }

 private:
  using Clock = common::EventLoop::Clock;
  enum class State { kIdle, kConnecting, kConnected, kBackoff };
  struct Pending {
    ReplyCallback done;
    common::ResponseExpect expect;
    Clock::time_point deadline;
    // A request merged into a get batch: its keys are the next key_bytes of batch_keys_.
    bool batched = false;
    uint32_t key_bytes = 0;
    // Requests the reply to this one's bytes answers: 1, more for a batch's first request,
    // 0 for the batch's later ones.
    uint32_t members = 1;
  };

  bool ready_to_send();
  void connect();
  void connect_failed(int error, std::string_view message);
  void on_connected();
  void on_data(common::ReadBuffer& in);
  void write_request(std::string_view request, Pending&& pending);
  /// Ends the open get batch's command line.
  void seal_batch();
  /// Answers the batch at the FIFO's head from its one reply.
  void answer_batch();
  std::string_view take_keys(std::size_t size);
  /// Drops the reply scratch's buffers when a big reply grew them.
  void trim_result();
  void on_closed(int error);
  void on_deadline();
  void arm_deadline();
  /// Closes the connection; `status` for the head (if any), kFailed for the rest.
  void drop(BackendStatus head_status);
  void close_connection(State next);
  void answer_failed(std::deque<Pending> requests, BackendStatus first_status);
  void answer_now(common::ResponseExpect expect, BackendStatus status, ReplyCallback& done);
  void finish_drain_if_idle();

  common::EventLoop& loop_;
  const std::shared_ptr<NodeHealth> health_;
  const BackendOptions options_;
  common::TimeoutConfig timeouts_;
  NodeProber prober_;

  State state_ = State::kIdle;
  bool shut_down_ = false;
  std::function<void()> drained_;  // set while draining
  std::shared_ptr<common::ClientConnection> conn_;
  uint64_t conn_epoch_ = 0;  // health's up_epoch when the connection was opened
  bool connected_before_ = false;
  Backoff reconnect_backoff_;
  Clock::time_point retry_at_{};
  Backoff::Duration last_backoff_{0};

  std::deque<Pending> pending_;
  common::Response response_;  // parse scratch, reused
  // What a reply callback gets, reused: a callback that copies the reply (rather than
  // taking `bytes`) leaves its buffers here for the next one.
  BackendResult result_;
  std::size_t need_ = 0;       // input size before another parse can succeed
  common::EventLoop::TimerId deadline_timer_ = 0;

  // The get batch still open at the FIFO's tail (members 0: none), and the keys of every
  // batched request not answered yet, in FIFO order, from batch_keys_head_ on.
  uint32_t open_members_ = 0;
  std::size_t open_bytes_ = 0;
  bool open_gets_ = false;
  std::string batch_keys_;
  std::size_t batch_keys_head_ = 0;
};

}  // namespace ringcache::proxy
