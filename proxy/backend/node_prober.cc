#include "proxy/backend/node_prober.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "common/protocol/response_parser.h"

namespace ringcache::proxy {
namespace {

using Clock = common::EventLoop::Clock;
using std::chrono::milliseconds;

constexpr std::string_view kVersionRequest = "version\r\n";
constexpr std::string_view kFlushRequest = "flush_all\r\n";

}  // namespace

NodeProber::NodeProber(common::EventLoop& loop, std::shared_ptr<NodeHealth> health,
                       const BackendOptions& options, common::TimeoutConfig timeouts)
    : loop_(loop), health_(std::move(health)), options_(options), timeouts_(timeouts) {}

NodeProber::~NodeProber() {
  if (retry_timer_ != 0) loop_.cancel_timer(retry_timer_);
  if (reply_timer_ != 0) loop_.cancel_timer(reply_timer_);
  if (conn_) conn_->close();
  // The claim must not outlive this object, or no probe would ever run again.
  if (stage_ != Stage::kIdle) health_->finish_probe_failed(Clock::now(), "probe abandoned");
}

void NodeProber::poke() {
  if (stage_ != Stage::kIdle) return;
  if (health_->try_claim_probe(Clock::now())) {
    start();
  } else {
    arm_retry();
  }
}

void NodeProber::arm_retry() {
  if (retry_timer_ != 0 || !health_->is_down()) return;
  // Not before the next probe is due; while another worker's probe runs, look again after
  // the shortest backoff.
  auto earliest = Clock::now() + milliseconds{health_->settings().probe_backoff_min_ms};
  auto when = std::max(health_->next_probe_at(), earliest);
  retry_timer_ = loop_.run_at(when, [this] {
    retry_timer_ = 0;
    poke();
  });
}

void NodeProber::start() {
  std::string error;
  auto endpoint = health_->endpoint(&error);
  if (!endpoint) {
    stage_ = Stage::kVersion;  // holds the claim: fail() releases it
    fail("probe: " + error);
    return;
  }
  common::ClientConnection::Handlers handlers;
  handlers.connected = [this] { arm_reply_timer(); };
  handlers.data = [this](common::ReadBuffer& in) { on_data(in); };
  handlers.closed = [this](int err) {
    conn_.reset();
    fail(err == 0 ? std::string("probe: connection closed by node")
                  : std::string("probe: ") + std::strerror(err));
  };
  common::ClientConnectionOptions copts;
  copts.connect_timeout = milliseconds{timeouts_.connect_ms};
  copts.max_read_buffer = 1u << 20;  // VERSION and OK are short
  conn_ = std::make_shared<common::ClientConnection>(loop_, std::move(handlers), copts);
  stage_ = Stage::kVersion;
  conn_->connect(*endpoint);
  conn_->write(kVersionRequest);
}

void NodeProber::arm_reply_timer() {
  if (reply_timer_ != 0) loop_.cancel_timer(reply_timer_);
  reply_timer_ = loop_.run_after(milliseconds{timeouts_.reply_ms}, [this] {
    reply_timer_ = 0;
    fail(stage_ == Stage::kFlush ? "probe: no reply to flush_all" : "probe: no reply to version");
  });
}

void NodeProber::on_data(common::ReadBuffer& in) {
  while (stage_ != Stage::kIdle && !in.empty()) {
    auto expect = stage_ == Stage::kVersion ? common::ResponseExpect::kVersion
                                            : common::ResponseExpect::kFlushAll;
    auto r = common::parse_response(in.data(), expect, response_, options_.limits);
    if (r.status == common::ParseStatus::kNeedMore) return;
    if (r.status == common::ParseStatus::kBad) {
      fail("probe: bad reply");
      return;
    }
    in.consume(r.consumed);
    if (!on_reply(response_)) return;
  }
}

bool NodeProber::on_reply(const common::Response& reply) {
  if (stage_ == Stage::kVersion) {
    if (reply.kind != common::ResponseKind::kVersion) {
      fail("probe: unexpected reply to version");
      return false;
    }
    if (health_->finish_probe_ok(false)) {
      finish();
      return false;
    }
    // Writes were missed while it was down: flush before any traffic returns.
    stage_ = Stage::kFlush;
    conn_->write(kFlushRequest);
    arm_reply_timer();
    return true;
  }
  if (reply.code != common::ReplyCode::kOk) {
    fail("probe: flush_all not acknowledged");
    return false;
  }
  health_->finish_probe_ok(true);
  finish();
  return false;
}

void NodeProber::finish() {
  stage_ = Stage::kIdle;
  if (reply_timer_ != 0) loop_.cancel_timer(reply_timer_);
  reply_timer_ = 0;
  if (conn_) conn_->close();
  conn_.reset();
}

void NodeProber::fail(std::string_view why) {
  if (stage_ == Stage::kIdle) return;
  finish();
  health_->finish_probe_failed(Clock::now(), why);
  arm_retry();
}

}  // namespace ringcache::proxy
