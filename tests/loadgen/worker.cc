#include "worker.h"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "reply_parser.h"
#include "socket_util.h"

namespace ringcache::loadgen {
namespace {

constexpr std::size_t kReadBuffer = 64 * 1024;
constexpr std::size_t kMaxReadBuffer = 256 * 1024 * 1024;
constexpr int kMaxEvents = 256;
constexpr int kPollMs = 20;          // how late a worker may notice a phase change
constexpr int64_t kDrainNs = 300'000'000;

}  // namespace

void WorkerStats::merge(const WorkerStats& o) {
  requests += o.requests;
  gets += o.gets;
  sets += o.sets;
  keys += o.keys;
  hits += o.hits;
  misses += o.misses;
  errors += o.errors;
  dead_connections += o.dead_connections;
  latency.merge(o.latency);
}

Worker::Worker(const Options& options, const RequestBuilder& builder, std::vector<int> fds,
               const std::atomic<Phase>& phase, uint64_t quota, uint64_t seed)
    : options_(options), builder_(builder), phase_(phase), quota_(quota), rng_(seed) {
  conns_.resize(fds.size());
  for (std::size_t i = 0; i < fds.size(); ++i) {
    conns_[i].fd = fds[i];
    conns_[i].in.resize(kReadBuffer);
    conns_[i].ring.resize(static_cast<std::size_t>(options.pipeline));
  }
}

Worker::~Worker() {
  for (auto& c : conns_)
    if (c.fd >= 0) close(c.fd);
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

bool Worker::setup() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return false;
  for (std::size_t i = 0; i < conns_.size(); ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<uint32_t>(i);
    if (!set_nonblocking(conns_[i].fd) || epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, conns_[i].fd, &ev) != 0)
      return false;
  }
  live_ = conns_.size();
  return true;
}

void Worker::run() {
  if (!setup()) {
    stats_.dead_connections += conns_.size();
    return;
  }
  phase_now_ = phase_.load(std::memory_order_acquire);
  for (auto& c : conns_) refill(c);
  epoll_event events[kMaxEvents];
  while (!finished()) {
    int n = epoll_wait(epoll_fd_, events, kMaxEvents, kPollMs);
    if (n < 0 && errno != EINTR) break;
    phase_now_ = phase_.load(std::memory_order_acquire);
    for (int i = 0; i < n; ++i) handle(conns_[events[i].data.u32], events[i].events);
  }
  drain();
}

bool Worker::finished() const {
  if (live_ == 0 || phase_now_ == Phase::kDone) return true;
  return quota_ > 0 && phase_now_ == Phase::kMeasure && issued_measured_ >= quota_ &&
         inflight_total_ == 0;
}

// Collects the replies still in flight so the server sees clean closes, without measuring.
void Worker::drain() {
  phase_now_ = Phase::kDone;
  int64_t deadline = now_ns() + kDrainNs;
  epoll_event events[kMaxEvents];
  while (inflight_total_ > 0 && live_ > 0 && now_ns() < deadline) {
    int n = epoll_wait(epoll_fd_, events, kMaxEvents, 10);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < n; ++i) handle(conns_[events[i].data.u32], events[i].events);
  }
}

void Worker::handle(Conn& c, uint32_t events) {
  if (c.fd < 0) return;
  if (events & EPOLLOUT) flush(c);
  if (c.fd >= 0 && (events & (EPOLLIN | EPOLLERR | EPOLLHUP))) {
    if (!read_replies(c)) {
      kill(c);
      return;
    }
    refill(c);
  }
}

bool Worker::read_replies(Conn& c) {
  if (c.in_len == c.in.size()) {
    if (c.in.size() >= kMaxReadBuffer) return false;
    c.in.resize(c.in.size() * 2);
  }
  ssize_t n = read(c.fd, c.in.data() + c.in_len, c.in.size() - c.in_len);
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) return false;
  c.in_len += static_cast<std::size_t>(n);
  int64_t now = now_ns();
  std::size_t at = 0;
  while (c.inflight > 0) {
    const Pending& p = c.ring[c.head];
    std::string_view rest(c.in.data() + at, c.in_len - at);
    Reply r = parse_reply(rest, p.get ? ReplyExpect::kRetrieval : ReplyExpect::kStorage);
    if (r.status == ReplyStatus::kNeedMore) break;
    if (r.status == ReplyStatus::kBad) return false;
    complete(c, r.values, r.error, now);
    at += r.consumed;
  }
  if (c.inflight == 0 && at < c.in_len) return false;  // bytes nobody asked for
  if (at > 0) std::memmove(c.in.data(), c.in.data() + at, c.in_len - at);
  c.in_len -= at;
  return true;
}

void Worker::complete(Conn& c, int values, bool error, int64_t now) {
  Pending p = c.ring[c.head];
  c.head = (c.head + 1) % c.ring.size();
  --c.inflight;
  --inflight_total_;
  if (!p.measured || phase_now_ == Phase::kDone) return;
  ++stats_.requests;
  stats_.latency.record(static_cast<uint64_t>(now - p.sent_ns));
  stats_.errors += error ? 1 : 0;
  if (!p.get) {
    ++stats_.sets;
    return;
  }
  ++stats_.gets;
  stats_.keys += p.keys;
  stats_.hits += static_cast<uint64_t>(values);
  stats_.misses += p.keys - static_cast<uint64_t>(values);
}

bool Worker::may_issue() const {
  if (phase_now_ == Phase::kWarmup) return true;
  return phase_now_ == Phase::kMeasure && (quota_ == 0 || issued_measured_ < quota_);
}

void Worker::refill(Conn& c) {
  int64_t sent = 0;
  bool any = false;
  while (c.inflight < c.ring.size() && may_issue()) {
    if (!any) sent = now_ns();
    any = true;
    bool get = rng_.unit() < options_.get_ratio;
    if (get)
      builder_.append_get(c.out, rng_, options_.multiget);
    else
      builder_.append_random_set(c.out, rng_);
    bool measured = phase_now_ == Phase::kMeasure;
    c.ring[(c.head + c.inflight) % c.ring.size()] =
        Pending{sent, static_cast<uint16_t>(get ? options_.multiget : 0), get, measured};
    ++c.inflight;
    ++inflight_total_;
    issued_measured_ += measured ? 1 : 0;
  }
  if (any) flush(c);
}

void Worker::flush(Conn& c) {
  if (c.out_off < c.out.size()) {
    ssize_t n = send(c.fd, c.out.data() + c.out_off, c.out.size() - c.out_off, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      kill(c);
      return;
    }
    c.out_off += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  bool pending = c.out_off < c.out.size();
  if (!pending) {
    c.out.clear();
    c.out_off = 0;
  }
  if (pending == c.want_out) return;
  // Ask for EPOLLOUT only while a send is incomplete: a rare case with small requests.
  c.want_out = pending;
  epoll_event ev{};
  ev.events = EPOLLIN | (pending ? EPOLLOUT : 0u);
  ev.data.u32 = static_cast<uint32_t>(&c - conns_.data());
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c.fd, &ev);
}

void Worker::kill(Conn& c) {
  close(c.fd);
  c.fd = -1;
  ++stats_.dead_connections;
  inflight_total_ -= c.inflight;
  c.inflight = 0;
  --live_;
}

}  // namespace ringcache::loadgen
