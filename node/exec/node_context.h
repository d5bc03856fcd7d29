// NodeContext: what every connection's session shares (one per process).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/protocol/text_parser.h"
#include "common/util/clock.h"
#include "node/exec/prefix_stats.h"
#include "node/exec/stats.h"
#include "node/server/settings.h"
#include "node/storage/cache.h"

namespace ringcache::node {

class PasswordFile;

// memcached's item header is 8 bytes shorter without CAS (-C).
inline common::TextParserLimits node_parser_limits(const Settings& s) {
  common::TextParserLimits limits;
  limits.max_value = s.item_size_max;
  limits.item_overhead = common::kMemcachedItemHeader - (s.use_cas ? 0 : 8);
  return limits;
}

struct NodeContext {
  Cache& cache;
  const Settings& settings;
  const common::Clock& clock;
  ConnectionStats& connections;
  // One per worker thread, for summing in `stats`. Filled before any session starts.
  std::vector<WorkerStats*> workers{};
  int64_t start_time = 0;               // unix seconds when the process started
  std::atomic<int> verbosity{0};        // `verbosity N` changes it at run time
  std::atomic<bool> detail_enabled{false};  // `stats detail on|off`
  PrefixStats prefix_stats{};               // recorded while detail_enabled
  // memcached's settings.oldest_live, reported as `stats settings` "oldest": seconds
  // since start_time of the last flush_all cut-off (0 = never flushed).
  std::atomic<int64_t> oldest_live{0};
  // Asks the server to stop (the `shutdown` command, with -A).
  std::function<void()> request_shutdown{};
  // Appends `stats conns` lines for every open connection (provided by the server).
  std::function<void(std::string& out)> describe_connections{};
  // The credentials -S (SASL PLAIN) and -Y (text auth) check against; loaded by the
  // server before any session starts (see node/auth/credentials.h). Null: none.
  const PasswordFile* passwords = nullptr;
  // What the parsers refuse (and swallow): data blocks that can never be stored, with
  // memcached's item arithmetic. Shared by every session (settings do not change).
  common::TextParserLimits parser_limits = node_parser_limits(settings);
};

}  // namespace ringcache::node
