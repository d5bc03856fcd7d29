// The access policy's counters, shared by all workers, and its rate-limited log.
//
// `stats` lines (listeners by their index in the configuration, from 0; roles with '_'):
//   STAT access_denied N                      every request refused, in whole or in part
//   STAT access_denied_<listener>_<role> N    e.g. access_denied_1_read_only
//   STAT auth_cmds N / STAT auth_errors N     authentication attempts / failures (memcached's)
// A request counts once: each "CLIENT_ERROR access denied" sent, each refused noreply
// request (which gets no reply) and each multi-key get that answered some keys as misses
// because they were out of scope.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "common/config/cluster_config.h"

namespace ringcache::proxy::access {

class AccessCounters {
 public:
  using Log = std::function<void(const std::string& line)>;
  /// `log` gets the denial and authentication lines (default: stderr).
  explicit AccessCounters(Log log = {});

  /// Any thread. `what` names the command (never a key, password or hash).
  void denied(std::size_t listener, common::Role role, std::string_view peer,
              std::string_view what);
  void auth_attempt(bool ok, std::size_t listener, std::string_view peer);

  uint64_t denied_count(std::size_t listener, common::Role role) const;
  uint64_t denied_total() const { return total_.load(std::memory_order_relaxed); }

  /// The `stats` lines above, one per listener of `config` and role.
  void write_stats(const common::ClusterConfig& config, std::string& out) const;

  /// At most one log line per this interval; the lines left out are counted in the next.
  static constexpr std::chrono::seconds kLogInterval{1};

 private:
  void log(std::string line);

  Log log_;
  mutable std::mutex mutex_;
  std::map<std::size_t, std::array<uint64_t, common::kRoleCount>> by_listener_;
  std::atomic<uint64_t> total_{0};
  std::atomic<uint64_t> auth_cmds_{0};
  std::atomic<uint64_t> auth_errors_{0};
  std::chrono::steady_clock::time_point last_log_{};
  uint64_t suppressed_ = 0;
};

/// "read-only" -> "read_only", as it appears in stat names.
std::string stat_role_name(common::Role role);

}  // namespace ringcache::proxy::access
