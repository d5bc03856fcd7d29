#include "proxy/backend/node_health.h"

#include <algorithm>

#include "common/config/host_port.h"

namespace ringcache::proxy {
namespace {

using std::chrono::milliseconds;

int64_t to_ns(NodeHealth::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

bool is_write(common::ResponseExpect expect) {
  using E = common::ResponseExpect;
  switch (expect) {
    case E::kStorage: case E::kDelete: case E::kArith: case E::kTouch: case E::kFlushAll:
    case E::kMetaSet: case E::kMetaDelete: case E::kMetaArith:
    case E::kMeta:  // a quiet-mode meta batch may hold writes: assume it does
      return true;
    default:
      return false;
  }
}

// ---- CascadeGuard ----

void CascadeGuard::configure(const common::FailureDetectionConfig& settings,
                             std::vector<std::vector<std::string>> pools) {
  std::lock_guard lock(mutex_);
  settings_ = settings;
  pools_ = std::move(pools);
  std::erase_if(down_, [this](const std::string& address) { return !listed(address); });
}

bool CascadeGuard::listed(const std::string& address) const {
  return std::any_of(pools_.begin(), pools_.end(), [&](const auto& pool) {
    return std::find(pool.begin(), pool.end(), address) != pool.end();
  });
}

common::FailureDetectionConfig CascadeGuard::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

bool CascadeGuard::try_set_down(const std::string& address) {
  std::lock_guard lock(mutex_);
  for (const auto& pool : pools_) {
    if (std::find(pool.begin(), pool.end(), address) == pool.end()) continue;
    auto down = std::count_if(pool.begin(), pool.end(),
                              [this](const std::string& a) { return down_.contains(a); });
    double share = static_cast<double>(down + 1) / static_cast<double>(pool.size());
    if (share > settings_.max_down_share) return false;
  }
  if (listed(address)) down_.insert(address);
  return true;
}

void CascadeGuard::set_up(const std::string& address) {
  std::lock_guard lock(mutex_);
  down_.erase(address);
}

// ---- NodeHealth ----

NodeHealth::NodeHealth(std::string address, std::shared_ptr<CascadeGuard> guard)
    : address_(std::move(address)), guard_(std::move(guard)) {}

std::optional<common::Endpoint> NodeHealth::endpoint(std::string* error) {
  {
    std::lock_guard lock(mutex_);
    if (endpoint_) return endpoint_;
  }
  auto hp = common::parse_host_port(address_);
  if (!hp) {
    if (error) *error = "bad node address " + address_;
    return std::nullopt;
  }
  auto resolved = common::resolve_endpoint(hp->host, hp->port, error);  // may block
  if (resolved) {
    std::lock_guard lock(mutex_);
    endpoint_ = resolved;
  }
  return resolved;
}

bool NodeHealth::answer_down(bool write) {
  if (!down_.load(std::memory_order_acquire)) return false;
  if (write) {
    // Under the lock that marking up takes: the probe either sees this write or the node
    // was up already and the write goes out normally.
    std::lock_guard lock(mutex_);
    if (!down_.load(std::memory_order_relaxed)) return false;
    missed_writes_ = true;
  }
  fast_fails_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void NodeHealth::note_missed_write() {
  std::lock_guard lock(mutex_);
  missed_writes_ = true;
}

void NodeHealth::record_success() {
  // Read first: the common case writes nothing to this shared cache line.
  if (consecutive_timeouts_.load(std::memory_order_relaxed) != 0) {
    consecutive_timeouts_.store(0, std::memory_order_relaxed);
  }
}

void NodeHealth::note_error(std::string_view error) {
  std::lock_guard lock(mutex_);
  set_last_error(error);
}

bool NodeHealth::record_timeout(std::string_view error) {
  timeouts_.fetch_add(1, std::memory_order_relaxed);
  uint32_t run = consecutive_timeouts_.fetch_add(1, std::memory_order_relaxed) + 1;
  uint32_t limit = guard_->settings().consecutive_timeouts;
  std::lock_guard lock(mutex_);
  set_last_error(error);
  return run >= limit && try_mark_down();
}

bool NodeHealth::record_hard_failure(std::string_view error) {
  std::lock_guard lock(mutex_);
  set_last_error(error);
  return try_mark_down();
}

bool NodeHealth::try_mark_down() {
  if (down_.load(std::memory_order_relaxed)) return false;
  auto settings = guard_->settings();
  if (!guard_->try_set_down(address_)) {
    guard_refusals_.fetch_add(1, std::memory_order_relaxed);
    last_error_.append(" (kept up: too much of its pool is down)");
    return false;
  }
  auto now = Clock::now();
  down_since_ = now;
  probe_backoff_.set_bounds(milliseconds{settings.probe_backoff_min_ms},
                            milliseconds{settings.probe_backoff_max_ms});
  probe_backoff_.reset();
  next_probe_ns_.store(to_ns(now + probe_backoff_.next()), std::memory_order_relaxed);
  marked_down_.fetch_add(1, std::memory_order_relaxed);
  down_.store(true, std::memory_order_release);
  return true;
}

void NodeHealth::set_last_error(std::string_view error) { last_error_.assign(error); }

bool NodeHealth::try_claim_probe(Clock::time_point now) {
  if (!down_.load(std::memory_order_acquire)) return false;
  if (to_ns(now) < next_probe_ns_.load(std::memory_order_relaxed)) return false;
  std::lock_guard lock(mutex_);
  if (!down_.load(std::memory_order_relaxed) || probing_) return false;
  if (to_ns(now) < next_probe_ns_.load(std::memory_order_relaxed)) return false;
  probing_ = true;
  probes_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

NodeHealth::Clock::time_point NodeHealth::next_probe_at() const {
  return Clock::time_point{std::chrono::nanoseconds{next_probe_ns_.load(std::memory_order_relaxed)}};
}

bool NodeHealth::finish_probe_ok(bool flushed) {
  std::lock_guard lock(mutex_);
  if (missed_writes_ && !flushed) return false;
  if (flushed) flushes_.fetch_add(1, std::memory_order_relaxed);
  missed_writes_ = false;
  probing_ = false;
  guard_->set_up(address_);
  consecutive_timeouts_.store(0, std::memory_order_relaxed);
  up_epoch_.fetch_add(1, std::memory_order_release);
  down_.store(false, std::memory_order_release);
  return true;
}

void NodeHealth::finish_probe_failed(Clock::time_point now, std::string_view error) {
  auto settings = guard_->settings();
  std::lock_guard lock(mutex_);
  probing_ = false;
  probe_backoff_.set_bounds(milliseconds{settings.probe_backoff_min_ms},
                            milliseconds{settings.probe_backoff_max_ms});
  next_probe_ns_.store(to_ns(now + probe_backoff_.next()), std::memory_order_relaxed);
  set_last_error(error);
}

NodeHealthSnapshot NodeHealth::snapshot() const {
  NodeHealthSnapshot s;
  s.address = address_;
  s.consecutive_timeouts = consecutive_timeouts_.load(std::memory_order_relaxed);
  s.requests = requests_.load(std::memory_order_relaxed);
  s.failures = failures_.load(std::memory_order_relaxed);
  s.timeouts = timeouts_.load(std::memory_order_relaxed);
  s.fast_fails = fast_fails_.load(std::memory_order_relaxed);
  s.reconnects = reconnects_.load(std::memory_order_relaxed);
  s.marked_down = marked_down_.load(std::memory_order_relaxed);
  s.guard_refusals = guard_refusals_.load(std::memory_order_relaxed);
  s.probes = probes_.load(std::memory_order_relaxed);
  s.flushes = flushes_.load(std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  s.down = down_.load(std::memory_order_relaxed);
  s.missed_writes = missed_writes_;
  s.probing = probing_;
  if (s.down) {
    s.down_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - down_since_).count();
  }
  s.last_error = last_error_;
  return s;
}

}  // namespace ringcache::proxy
