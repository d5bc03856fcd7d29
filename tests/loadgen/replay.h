// Hit-ratio replay: a cache-aside client (get a key; on a miss, set it) driven by a trace
// file or a Zipf stream, so that two servers at the same memory limit can be compared by how
// many gets they answer.
#pragma once

#include <cstdint>
#include <string>

#include "options.h"

namespace ringcache::loadgen {

struct ReplayResult {
  bool ok = false;
  uint64_t gets = 0;         // counted: the warm-up's gets, hits and sets are not
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t sets = 0;
  uint64_t not_stored = 0;   // sets the server refused (e.g. too large), not counted as errors
  uint64_t first_seen = 0;   // counted gets of a key the stream had not asked for before
  uint64_t warmup_gets = 0;
  double seconds = 0;
  std::string error;
};

/// Replays options.replay ("zipf": options.requests gets over options.key_space keys with
/// options.value_size values; otherwise a file of "KEY SIZE" lines) on one connection.
/// Gets go out in pipelined batches of options.replay_batch; the sets for the batch's misses
/// follow. A key that missed earlier in the same batch counts as a hit, as it would if each
/// get waited for the previous miss's set. The first options.replay_warmup gets (and their
/// sets) are replayed but not counted. first_seen counts the gets no cache could hit (the
/// key's first request), so 1 - first_seen / gets is the hit ratio of an unbounded cache.
/// Bounded by options.max_time_s.
ReplayResult run_replay(const Options& options);

/// The hit ratio an unbounded cache would reach on the counted gets.
inline double replay_ceiling(const ReplayResult& r) {
  return r.gets ? 1.0 - static_cast<double>(r.first_seen) / static_cast<double>(r.gets) : 0.0;
}

}  // namespace ringcache::loadgen
