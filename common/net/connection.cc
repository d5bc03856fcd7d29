#include "common/net/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ringcache::common {
namespace {

constexpr std::size_t kKeepOutput = 16u << 10;  // output capacity an idle connection may keep
constexpr std::size_t kMaxSpare = 4u << 20;     // biggest idle output buffer a loop keeps
constexpr std::size_t kCompactOutput = 64u << 10;

}  // namespace

const char* state_name(ConnectionState state) {
  switch (state) {
    case ConnectionState::kRead: return "conn_read";
    case ConnectionState::kParsing: return "conn_parse_cmd";
    case ConnectionState::kNread: return "conn_nread";
    case ConnectionState::kWrite: return "conn_mwrite";
    case ConnectionState::kClosing: return "conn_closing";
    case ConnectionState::kClosed: return "conn_closed";
  }
  return "conn_read";
}

Connection::Connection(EventLoop& loop, int fd, std::string peer, const std::string& local,
                       const ConnectionOptions& options)
    : loop_(loop), fd_(fd), peer_(std::move(peer)), local_(local), options_(options) {}

Connection::~Connection() {
  if (!closed_) ::close(fd_);
}

void Connection::start(std::unique_ptr<SessionHandler> handler, ClosedFn on_closed) {
  handler_ = std::move(handler);
  on_closed_ = std::move(on_closed);
  touch();
  if (!loop_.add_fd(fd_, kIoRead, this)) {
    abort();
    return;
  }
  registered_ = true;
  interest_ = kIoRead;
}

bool Connection::reading() const {
  return !closed_ && !paused_ && !backpressured_ && !close_pending_ && !draining_;
}

void Connection::touch() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(loop_.now().time_since_epoch());
  last_active_ms_.store(ms.count(), std::memory_order_relaxed);
}

void Connection::on_io(uint32_t events) {
  if (closed_) return;
  if (events & kIoError) {
    abort();
    return;
  }
  if (events & kIoWrite) {
    bool was_backpressured = backpressured_;
    send_output();
    if (closed_) return;
    // Input held back while output was pending gets no new readiness event: handle it now.
    if ((unsent_bytes() == 0 || (was_backpressured && !backpressured_)) && !in_.empty()) {
      process_input();
    } else {
      after_output();
    }
    if (closed_) return;
  }
  if ((events & kIoRead) && reading()) {
    on_readable();
  } else if (events & kIoHangup) {  // both directions gone and nothing more to read
    abort();
  }
}

void Connection::on_readable() {
  for (int i = 0; i < options_.max_reads_per_event && reading(); ++i) {
    auto space = in_.prepare(loop_.read_buffers(), options_.max_read_buffer);
    if (space.empty()) {  // one request bigger than max_read_buffer
      abort();
      return;
    }
    ssize_t n = ::read(fd_, space.data(), space.size());
    if (n > 0) {
      in_.commit(static_cast<std::size_t>(n));
      bytes_read_ += static_cast<uint64_t>(n);
      touch();
      process_input();
      // A short read means the socket is drained for now; epoll says when there is more.
      if (closed_ || static_cast<std::size_t>(n) < space.size()) return;
      continue;
    }
    if (n == 0) {
      on_eof();
      return;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      in_.shrink(loop_.read_buffers());
      return;
    }
    abort();
    return;
  }
}

void Connection::on_eof() {
  // The client sends no more; requests it completed were handled, a partial one is dropped.
  // Replies still unsent (or owed by a busy handler) go out before the close.
  close_pending_ = true;
  in_.clear();
  in_.shrink(loop_.read_buffers());
  after_output();
}

void Connection::process_input() {
  if (processing_ || closed_ || !handler_) return;
  processing_ = true;
  begin_output();
  // Usually one round; more only when the output of a round could all be sent at once.
  for (int round = 0; round < 64; ++round) {
    bool progressed = run_handler();
    send_output();
    if (closed_ || !progressed || in_.empty() || backpressured_ || !reading()) break;
  }
  end_output();
  processing_ = false;
  if (close_pending_ || closed_) in_.clear();
  in_.shrink(loop_.read_buffers());
  if (closed_) return;
  after_output();
}

bool Connection::run_handler() {
  bool progressed = false;
  bool close = false;
  while (!in_.empty() && !closed_ && !paused_ && !close_pending_ && !over_high_water()) {
    std::string_view all = in_.data();
    std::size_t window = std::min(all.size(), options_.input_window);
    state_.store(ConnectionState::kParsing, std::memory_order_relaxed);
    std::size_t n = handler_->on_input(all.substr(0, window), buf(), close);
    // A request bigger than the window: widen it step by step, so the requests behind the
    // big one still arrive in bounded portions.
    while (n == 0 && !close && !closed_ && window < all.size()) {
      window = std::min(all.size(), window * 2);
      n = handler_->on_input(all.substr(0, window), buf(), close);
    }
    if (closed_) break;  // the handler aborted
    in_.consume(std::min(n, all.size()));
    progressed = progressed || n > 0;
    if (close) {
      close_pending_ = true;
      break;
    }
    if (n == 0) break;  // needs more input
  }
  return progressed;
}

void Connection::send_output() {
  std::size_t pending = unsent_bytes();
  if (pending == 0 || closed_) return;
  std::string& out = buf();
  ssize_t n = ::send(fd_, out.data() + sent_, pending, MSG_NOSIGNAL);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      abort();
      return;
    }
    n = 0;
  }
  sent_ += static_cast<std::size_t>(n);
  bytes_written_ += static_cast<uint64_t>(n);
  if (sent_ == out.size()) {
    out.clear();
    sent_ = 0;
    if (!in_spare_) give_back_output();
  } else if (sent_ >= kCompactOutput && sent_ * 2 >= out.size()) {
    out.erase(0, sent_);
    sent_ = 0;
  }
  if (over_high_water()) {
    backpressured_ = true;
  } else if (unsent_bytes() <= options_.output_low_water) {
    backpressured_ = false;
  }
}

void Connection::after_output() {
  if (closed_) return;
  if ((close_pending_ || draining_) && unsent_bytes() == 0 && !(handler_ && handler_->busy())) {
    abort();  // nothing left to send: closing now loses nothing
    return;
  }
  update_interest();
  update_state();
}

void Connection::update_interest() {
  if (!registered_ || closed_) return;
  uint32_t want = (reading() ? kIoRead : 0u) | (unsent_bytes() > 0 ? kIoWrite : 0u);
  if (want == interest_) return;
  loop_.modify_fd(fd_, want, this);
  interest_ = want;
}

void Connection::update_state() {
  ConnectionState s = ConnectionState::kRead;
  if (close_pending_ || draining_) {
    s = ConnectionState::kClosing;
  } else if (unsent_bytes() > 0) {
    s = ConnectionState::kWrite;
  } else if (!in_.empty()) {
    // A complete command line with its data block still arriving (memcached's conn_nread).
    auto head = in_.data().substr(0, 2048);
    if (head.find('\n') != std::string_view::npos) s = ConnectionState::kNread;
  }
  state_.store(s, std::memory_order_relaxed);
}

void Connection::begin_output() {
  // Replies go straight into the loop's spare buffer unless older ones wait in out_ (they
  // must go first) or another connection's processing holds it (not expected: no handler
  // drives another connection's input).
  if (out_.empty() && loop_.claim_spare_output()) in_spare_ = true;
}

void Connection::end_output() {
  if (!in_spare_) return;
  std::string& spare = loop_.spare_output();
  // What the socket did not take stays with the connection until it is writable again.
  if (sent_ < spare.size()) out_.assign(spare, sent_);
  spare.clear();
  sent_ = 0;
  if (spare.capacity() > kMaxSpare) std::string().swap(spare);
  in_spare_ = false;
  loop_.release_spare_output();
}

void Connection::take_spare_output() {
  if (!out_.empty() || loop_.spare_output_claimed()) return;
  std::string& spare = loop_.spare_output();
  if (spare.capacity() > out_.capacity()) out_.swap(spare);
}

void Connection::give_back_output() {
  // The loop keeps the biggest idle buffer, so idle connections hold little output memory.
  if (loop_.spare_output_claimed()) {
    if (out_.capacity() > kKeepOutput) std::string().swap(out_);
    return;
  }
  std::string& spare = loop_.spare_output();
  if (out_.capacity() > spare.capacity()) out_.swap(spare);
  if (spare.capacity() > kMaxSpare) std::string().swap(spare);
  if (out_.capacity() > kKeepOutput) std::string().swap(out_);
}

std::string& Connection::output() {
  if (in_spare_) return loop_.spare_output();
  take_spare_output();
  return out_;
}

void Connection::flush() {
  if (processing_ || closed_) return;  // process_input sends at its end
  bool was_backpressured = backpressured_;
  bool had_unsent = unsent_bytes() > 0;
  send_output();
  if (closed_) return;
  after_output();
  // Input held back while output was pending: not handled from here (the caller may be the
  // handler), but in a later iteration.
  if (!closed_ && ((had_unsent && unsent_bytes() == 0) || (was_backpressured && !backpressured_))) {
    schedule_processing();
  }
}

void Connection::pause_reading() {
  paused_ = true;
  if (!processing_) after_output();
}

void Connection::resume_reading() {
  paused_ = false;
  if (closed_) return;
  if (!processing_) after_output();
  schedule_processing();
}

void Connection::schedule_processing() {
  if (in_.empty() || resume_posted_ || closed_) return;
  resume_posted_ = true;
  loop_.post([weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->resume_posted_ = false;
      self->process_input();
    }
  });
}

void Connection::close() {
  if (closed_) return;
  close_pending_ = true;
  if (processing_) return;  // process_input finishes the job
  in_.clear();
  after_output();
}

void Connection::drain() {
  if (closed_ || draining_) return;
  if (reading()) on_readable();  // what the client sent before the stop
  if (closed_) return;
  draining_ = true;
  after_output();
}

void Connection::abort() {
  if (closed_) return;
  closed_ = true;
  state_.store(ConnectionState::kClosed, std::memory_order_relaxed);
  if (registered_) loop_.remove_fd(fd_);
  ::close(fd_);
  // Callbacks later in this loop iteration may still point at this object.
  if (auto self = weak_from_this().lock()) loop_.post([self = std::move(self)] {});
  if (!processing_) {  // else the handler may still be reading `in`
    in_.clear();
    in_.shrink(loop_.read_buffers());
  }
  buf().clear();
  sent_ = 0;
  if (!in_spare_) give_back_output();  // else end_output() releases the spare buffer
  if (handler_) handler_->on_close();
  if (on_closed_) {
    ClosedFn fn = std::move(on_closed_);
    on_closed_ = nullptr;
    fn(*this);
  }
}

}  // namespace ringcache::common
