// One load run: optional prefill, warm-up, then the measured window over all worker threads,
// with the server's CPU time sampled at the window's edges.
#pragma once

#include <string>

#include "options.h"
#include "request_builder.h"
#include "worker.h"

namespace ringcache::loadgen {

struct LoadResult {
  WorkerStats stats;
  double seconds = 0;         // the measured window
  double server_cpu_s = -1;   // server utime+stime over the window (with --server-pid)
  double client_cpu_s = 0;    // this generator's CPU over the window
  double prefill_s = -1;      // -1 when there was no prefill
  bool truncated = false;     // --max-time ended a --requests run early
  std::string error;          // set when the run could not start
};

LoadResult run_load(const Options& options, const RequestBuilder& builder);

}  // namespace ringcache::loadgen
