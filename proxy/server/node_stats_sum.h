// NodeStatsSum: the cluster half of the proxy's `stats`. The proxy fans `stats` out to every
// node of the client's pool and adds up the fields that mean the same summed over nodes
// (requests, hits, items, bytes, memory limit, evictions), under memcached's own names, so
// memcached-tool, memcstat and exporters read the cluster as one big memcached. Fields that
// describe one process (pid, uptime, version, connections, threads, bytes_read ...) are the
// proxy's own (stats_report.h). A node that cannot answer adds nothing and is counted in
// proxy_stats_nodes_missing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/protocol/response.h"

namespace ringcache::proxy {

/// The summed fields, in memcached 1.6's `stats` order, by where memcached prints them.
inline constexpr std::array<std::string_view, 22> kSummedRequestStats = {
    "cmd_get",        "cmd_set",      "cmd_flush",       "cmd_touch",   "cmd_meta",
    "get_hits",       "get_misses",   "get_expired",     "get_flushed", "delete_misses",
    "delete_hits",    "incr_misses",  "incr_hits",       "decr_misses", "decr_hits",
    "cas_misses",     "cas_hits",     "cas_badval",      "touch_hits",  "touch_misses",
    "store_too_large", "store_no_memory"};  // after rejected_connections
inline constexpr std::string_view kSummedLimitStat = "limit_maxbytes";  // after bytes_written
inline constexpr std::array<std::string_view, 8> kSummedItemStats = {  // after threads
    "bytes",         "curr_items",         "total_items", "expired_unfetched",
    "evicted_unfetched", "evicted_active", "evictions",   "reclaimed"};

class NodeStatsSum {
 public:
  enum class Section { kRequests, kLimit, kItems };

  /// One node's answer to `stats`; nullptr (or anything but a STAT list) when it gave none.
  void add(const common::Response* reply);
  /// Appends the summed fields of `section` as STAT lines (0 when no node reported one).
  void write(Section section, std::string& out) const;
  /// Appends proxy_stats_nodes (nodes asked) and proxy_stats_nodes_missing.
  void write_coverage(std::string& out) const;

  std::size_t asked() const { return asked_; }
  std::size_t missing() const { return missing_; }
  /// The sum of `name` (0 when it is not a summed field or nobody reported it).
  uint64_t get(std::string_view name) const;

 private:
  static constexpr std::size_t kFields =
      kSummedRequestStats.size() + 1 + kSummedItemStats.size();
  static int index_of(std::string_view name);

  std::array<uint64_t, kFields> sums_{};
  std::size_t asked_ = 0;
  std::size_t missing_ = 0;
};

}  // namespace ringcache::proxy
