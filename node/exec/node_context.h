// NodeContext: what every connection's session shares (one per process).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/util/clock.h"
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
  std::vector<WorkerStats*> workers;
  int64_t start_time = 0;               // unix seconds when the process started
  std::atomic<int> verbosity{0};        // `verbosity N` changes it at run time
  // Asks the server to stop (the `shutdown` command, with -A).
  std::function<void()> request_shutdown;
  // Appends `stats conns` lines for every open connection (provided by the server).
  std::function<void(std::string& out)> describe_connections;
};

}  // namespace ringcache::node
