// NodeContext: what every connection's session shares (one per process).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/util/clock.h"
#include "node/exec/prefix_stats.h"
#include "node/exec/stats.h"
#include "node/server/settings.h"
#include "node/storage/cache.h"

namespace ringcache::node {

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
};

}  // namespace ringcache::node
