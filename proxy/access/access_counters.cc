#include "proxy/access/access_counters.h"

#include <cstdio>

#include "common/protocol/text_writer.h"

namespace ringcache::proxy::access {
namespace {

void log_to_stderr(const std::string& line) {
  std::fprintf(stderr, "ringcache-proxy: %s\n", line.c_str());
  std::fflush(stderr);
}

constexpr common::Role kRoles[] = {common::Role::kReadOnly, common::Role::kReadWrite,
                                   common::Role::kAdmin};

}  // namespace

AccessCounters::AccessCounters(Log log) : log_(log ? std::move(log) : Log(log_to_stderr)) {}

std::string stat_role_name(common::Role role) {
  std::string name(common::to_string(role));
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
}

void AccessCounters::denied(std::size_t listener, common::Role role, std::string_view peer,
                            std::string_view what) {
  total_.fetch_add(1, std::memory_order_relaxed);
  {
    std::lock_guard lock(mutex_);
    ++by_listener_[listener][static_cast<std::size_t>(role)];
  }
  log("access denied: " + std::string(what) + " from " + std::string(peer) + " on listener " +
      std::to_string(listener) + " (role " + std::string(common::to_string(role)) + ")");
}

void AccessCounters::auth_attempt(bool ok, std::size_t listener, std::string_view peer) {
  auth_cmds_.fetch_add(1, std::memory_order_relaxed);
  if (ok) return;
  auth_errors_.fetch_add(1, std::memory_order_relaxed);
  log("authentication failed from " + std::string(peer) + " on listener " +
      std::to_string(listener));
}

uint64_t AccessCounters::denied_count(std::size_t listener, common::Role role) const {
  std::lock_guard lock(mutex_);
  const auto it = by_listener_.find(listener);
  return it == by_listener_.end() ? 0 : it->second[static_cast<std::size_t>(role)];
}

void AccessCounters::write_stats(const common::ClusterConfig& config, std::string& out) const {
  using common::text::append_stat;
  append_stat(out, "access_denied", denied_total());
  for (std::size_t l = 0; l < config.listeners.size(); ++l) {
    for (common::Role role : kRoles) {
      append_stat(out, "access_denied_" + std::to_string(l) + "_" + stat_role_name(role),
                  denied_count(l, role));
    }
  }
  append_stat(out, "auth_cmds", auth_cmds_.load(std::memory_order_relaxed));
  append_stat(out, "auth_errors", auth_errors_.load(std::memory_order_relaxed));
}

void AccessCounters::log(std::string line) {
  uint64_t left_out = 0;
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (last_log_ != std::chrono::steady_clock::time_point{} && now - last_log_ < kLogInterval) {
      ++suppressed_;
      return;
    }
    last_log_ = now;
    left_out = suppressed_;
    suppressed_ = 0;
  }
  if (left_out > 0) line += " (" + std::to_string(left_out) + " similar lines left out)";
  log_(line);
}

}  // namespace ringcache::proxy::access
