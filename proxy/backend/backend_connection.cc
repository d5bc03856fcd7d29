#include "proxy/backend/backend_connection.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "common/protocol/response_parser.h"
#include "proxy/backend/get_batch.h"
#include "proxy/backend/reply_copy.h"

namespace ringcache::proxy {
namespace {

using std::chrono::milliseconds;

// Bounds on one merged get: its requests, and its command line (memcached reads any get
// line, but a long one costs it a buffer switch).
constexpr uint32_t kMaxBatchMembers = 64;
constexpr std::size_t kMaxBatchLine = 8u << 10;
// The reply scratch's capacity kept between replies.
constexpr std::size_t kKeepResultBytes = 64u << 10;
constexpr std::size_t kKeepResultItems = 256;

std::string describe(int error) {
  return error == 0 ? "connection closed by the node" : std::strerror(error);
}

}  // namespace

BackendConnection::BackendConnection(common::EventLoop& loop, std::shared_ptr<NodeHealth> health,
                                     const BackendOptions& options, common::TimeoutConfig timeouts)
    : loop_(loop),
      health_(std::move(health)),
      options_(options),
      timeouts_(timeouts),
      prober_(loop, health_, options, timeouts) {}

BackendConnection::~BackendConnection() { shutdown(); }

void BackendConnection::set_timeouts(common::TimeoutConfig timeouts) {
  timeouts_ = timeouts;
  prober_.set_timeouts(timeouts);
}

void BackendConnection::shutdown() {
  shut_down_ = true;
  drained_ = nullptr;
  drop(BackendStatus::kFailed);
}

void BackendConnection::drain(std::function<void()> drained) {
  shut_down_ = true;  // ready_to_send() refuses; what is pending stays
  drained_ = std::move(drained);
  finish_drain_if_idle();
}

void BackendConnection::finish_drain_if_idle() {
  if (!drained_ || !pending_.empty()) return;
  close_connection(State::kIdle);
  std::exchange(drained_, nullptr)();
}

void BackendConnection::send(std::string_view request, common::ResponseExpect expect,
                             ReplyCallback done) {
  health_->count_request();
  if (health_->answer_down(is_write(expect))) {
    prober_.poke();
    BackendResult result;
    result.status = BackendStatus::kDown;
    done(std::move(result));
    return;
  }
  if (!ready_to_send()) {
    answer_now(expect, health_->is_down() ? BackendStatus::kDown : BackendStatus::kFailed, done);
    return;
  }
  write_request(request, {std::move(done), expect, loop_.now() + milliseconds{timeouts_.reply_ms}});
  if (state_ == State::kConnected) arm_deadline();
}

void BackendConnection::write_request(std::string_view request, Pending&& pending) {
  const std::optional<GetLine> get = parse_get_line(request);
  if (!get) {
    seal_batch();
    conn_->write(request);
    pending_.push_back(std::move(pending));
    return;
  }
  pending.batched = true;
  pending.key_bytes = static_cast<uint32_t>(get->keys.size());
  const bool gets = get->command.size() == 4;
  if (open_members_ > 0 && gets == open_gets_ && open_members_ < kMaxBatchMembers &&
      open_bytes_ + get->keys.size() < kMaxBatchLine) {
    ++pending_[pending_.size() - open_members_].members;
    ++open_members_;
    pending.members = 0;
    conn_->write(" ");
  } else {
    seal_batch();
    open_members_ = 1;
    open_gets_ = gets;
    open_bytes_ = get->command.size();
    conn_->write(get->command);
    conn_->write(" ");
  }
  open_bytes_ += get->keys.size() + 1;
  conn_->write(get->keys);
  // Compact now and then: while requests flow the FIFO seldom runs empty.
  if (batch_keys_head_ > (16u << 10) && batch_keys_head_ * 2 > batch_keys_.size()) {
    batch_keys_.erase(0, batch_keys_head_);
    batch_keys_head_ = 0;
  }
  batch_keys_.append(get->keys);
  pending_.push_back(std::move(pending));
}

void BackendConnection::seal_batch() {
  if (open_members_ == 0) return;
  open_members_ = 0;
  if (conn_) conn_->write("\r\n");
}

std::string_view BackendConnection::take_keys(std::size_t size) {
  std::string_view keys = std::string_view(batch_keys_).substr(batch_keys_head_, size);
  batch_keys_head_ += keys.size();
  return keys;  // valid until the next write_request()
}

bool BackendConnection::ready_to_send() {
  if (shut_down_) return false;
  // The node went down and came back since this connection was opened: it may lead to a
  // process that is gone, and a reset there would mark the node down again.
  if (conn_ && conn_epoch_ != health_->up_epoch()) drop(BackendStatus::kFailed);
  if (state_ == State::kBackoff) {
    bool recovered = conn_epoch_ != health_->up_epoch();
    if (recovered) reconnect_backoff_.reset();
    if (!recovered && loop_.now() < retry_at_) return false;
    state_ = State::kIdle;
  }
  if (state_ == State::kIdle) connect();
  return state_ == State::kConnecting || state_ == State::kConnected;
}

void BackendConnection::connect() {
  conn_epoch_ = health_->up_epoch();
  std::string error;
  auto endpoint = health_->endpoint(&error);
  if (!endpoint) {
    connect_failed(EHOSTUNREACH, error);
    return;
  }
  if (connected_before_) health_->count_reconnect();
  connected_before_ = true;
  common::ClientConnection::Handlers handlers;
  handlers.connected = [this] { on_connected(); };
  handlers.data = [this](common::ReadBuffer& in) { on_data(in); };
  handlers.closed = [this](int err) { on_closed(err); };
  common::ClientConnectionOptions copts;
  copts.connect_timeout = milliseconds{timeouts_.connect_ms};
  copts.max_read_buffer = options_.max_read_buffer;
  conn_ = std::make_shared<common::ClientConnection>(loop_, std::move(handlers), copts);
  conn_->set_before_flush([this] { seal_batch(); });
  state_ = State::kConnecting;
  conn_->connect(*endpoint);
}

void BackendConnection::connect_failed(int error, std::string_view message) {
  close_connection(State::kBackoff);
  auto settings = health_->settings();
  reconnect_backoff_.set_bounds(milliseconds{settings.probe_backoff_min_ms},
                                milliseconds{settings.probe_backoff_max_ms});
  last_backoff_ = reconnect_backoff_.next();
  retry_at_ = loop_.now() + last_backoff_;
  std::string what = "connect to " + health_->address() + ": " + std::string(message);
  bool marked = error == ETIMEDOUT ? health_->record_timeout(what)
                                   : health_->record_hard_failure(what);
  answer_failed(std::exchange(pending_, {}), BackendStatus::kFailed);
  if (marked) prober_.poke();
}

void BackendConnection::on_connected() {
  state_ = State::kConnected;
  // Reply deadlines count from when the bytes can go out, not from the connect's start.
  auto deadline = loop_.now() + milliseconds{timeouts_.reply_ms};
  for (auto& p : pending_) p.deadline = deadline;
  arm_deadline();
}

void BackendConnection::on_data(common::ReadBuffer& in) {
  while (!in.empty() && state_ == State::kConnected) {
    if (pending_.empty()) {
      health_->note_error("unexpected bytes from the node");
      drop(BackendStatus::kFailed);
      return;
    }
    if (in.size() < need_) return;
    auto r = common::parse_response(in.data(), pending_.front().expect, response_, options_.limits);
    if (r.status == common::ParseStatus::kNeedMore) {
      need_ = response_.need;
      return;
    }
    need_ = 0;
    if (r.status == common::ParseStatus::kBad) {
      health_->note_error("reply out of step: " + std::string(r.error));
      drop(BackendStatus::kFailed);
      return;
    }
    health_->record_success();
    reconnect_backoff_.reset();
    if (pending_.front().members > 1) {
      answer_batch();  // the items point into `in`: consumed after
      in.consume(r.consumed);
      finish_drain_if_idle();
      continue;
    }
    Pending head = std::move(pending_.front());
    pending_.pop_front();
    if (head.batched) take_keys(head.key_bytes);  // the command went out as it came
    result_.status = BackendStatus::kOk;
    copy_reply(response_, result_);
    in.consume(r.consumed);
    head.done(std::move(result_));  // may send() more, or shut this backend down
    trim_result();
    finish_drain_if_idle();
  }
}

void BackendConnection::answer_batch() {
  const uint32_t members = pending_.front().members;
  std::size_t next_item = 0;
  for (uint32_t i = 0; i < members; ++i) {
    // A callback that closed the connection answered the rest kFailed already (and a
    // reconnect is never complete before the callback returns).
    if (state_ != State::kConnected) return;
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    result_.status = BackendStatus::kOk;
    split_batch_reply(response_, take_keys(p.key_bytes), &next_item, options_.limits, result_);
    p.done(std::move(result_));  // may send() more, or shut this backend down
  }
  trim_result();
}

void BackendConnection::trim_result() {
  // Kept for the next reply, but not the buffer of a rare big one.
  if (result_.bytes.capacity() > kKeepResultBytes) std::string().swap(result_.bytes);
  if (result_.response.items.capacity() > kKeepResultItems) {
    std::vector<common::ValueItem>().swap(result_.response.items);
  }
}

void BackendConnection::on_closed(int error) {
  conn_.reset();
  if (state_ == State::kConnecting) {
    connect_failed(error, describe(error));
    return;
  }
  bool had_pending = !pending_.empty();
  std::string what = health_->address() + ": " + describe(error);
  close_connection(State::kIdle);
  bool marked = false;
  if (had_pending && (error == ECONNRESET || error == EPIPE)) {
    marked = health_->record_hard_failure(what);
  } else if (had_pending || error != 0) {
    health_->note_error(what);
  }
  answer_failed(std::exchange(pending_, {}), BackendStatus::kFailed);
  if (marked) prober_.poke();
}

void BackendConnection::arm_deadline() {
  if (deadline_timer_ != 0 || pending_.empty()) return;
  deadline_timer_ = loop_.run_at(pending_.front().deadline, [this] {
    deadline_timer_ = 0;
    on_deadline();
  });
}

void BackendConnection::on_deadline() {
  if (pending_.empty() || state_ != State::kConnected) return;
  // One timer serves the whole FIFO: deadlines only grow, so only the head's can be due.
  if (pending_.front().deadline > loop_.now()) {
    arm_deadline();
    return;
  }
  bool marked = health_->record_timeout(health_->address() + ": no reply within " +
                                        std::to_string(timeouts_.reply_ms) + " ms");
  drop(BackendStatus::kTimeout);
  if (marked) prober_.poke();
}

void BackendConnection::drop(BackendStatus head_status) {
  close_connection(State::kIdle);
  answer_failed(std::exchange(pending_, {}), head_status);
}

void BackendConnection::close_connection(State next) {
  if (conn_) conn_->close();
  conn_.reset();
  if (deadline_timer_ != 0) loop_.cancel_timer(deadline_timer_);
  deadline_timer_ = 0;
  need_ = 0;
  open_members_ = 0;
  batch_keys_.clear();
  batch_keys_head_ = 0;
  state_ = next;
}

void BackendConnection::answer_failed(std::deque<Pending> requests, BackendStatus first_status) {
  if (requests.empty()) return;
  bool wrote = std::any_of(requests.begin(), requests.end(),
                           [](const Pending& p) { return is_write(p.expect); });
  if (wrote) health_->note_missed_write();
  uint64_t failed = requests.size() - (first_status == BackendStatus::kFailed ? 0 : 1);
  health_->count_failures(failed);
  bool first = true;
  for (auto& p : requests) {
    BackendResult result;
    result.status = first ? first_status : BackendStatus::kFailed;
    first = false;
    p.done(std::move(result));
  }
  finish_drain_if_idle();
}

void BackendConnection::answer_now(common::ResponseExpect expect, BackendStatus status,
                                   ReplyCallback& done) {
  if (is_write(expect)) health_->note_missed_write();
  if (status == BackendStatus::kFailed) health_->count_failures(1);
  BackendResult result;
  result.status = status;
  done(std::move(result));
}

}  // namespace ringcache::proxy
