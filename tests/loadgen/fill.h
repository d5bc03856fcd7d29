// Blocking, pipelined bulk stores: the prefill phase and the memory check (fill until the
// server starts evicting), plus a "stats" query.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "options.h"
#include "request_builder.h"

namespace ringcache::loadgen {

/// Stores keys [begin, end) in pipelined batches on a blocking fd; false (and *error) on
/// failure or once the monotonic deadline_ns (see now_ns) has passed.
bool store_range(int fd, const RequestBuilder& builder, uint64_t begin, uint64_t end,
                 int64_t deadline_ns, std::string* error);

/// Sends "stats" and returns name -> value; empty on failure.
std::map<std::string, std::string> query_stats(int fd);

/// Stores every key of the key space, one connection per thread, within --max-time; returns
/// the seconds taken, or -1 (with *error) on failure.
double prefill(const Options& options, const RequestBuilder& builder, std::string* error);

struct FillResult {
  bool ok = false;
  bool evicted = false;       // false when fill_max_keys ran out first
  uint64_t keys_set = 0;
  uint64_t curr_items = 0;
  uint64_t evictions = 0;
  uint64_t bytes = 0;
  uint64_t limit_maxbytes = 0;
  uint64_t payload_bytes = 0;  // key + value bytes of the curr_items most recently set keys
  double seconds = 0;
  std::string error;
};

/// Sets key 0, 1, 2 ... until the server's "evictions" stat moves (checked after every batch),
/// fill_max_keys is reached or max_time_s runs out.
FillResult fill_until_evict(const Options& options, const RequestBuilder& builder);

}  // namespace ringcache::loadgen
