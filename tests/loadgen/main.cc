// ringcache-loadgen: drives a memcached-compatible server on loopback with a get/set mix and
// reports throughput, hits and latency percentiles (and the server's CPU per request).
// Exit status: 0 ok, 1 the run failed or saw errors/dead connections, 2 usage.
#include <csignal>
#include <cstdio>

#include "fill.h"
#include "load_run.h"
#include "options.h"
#include "proc_stat.h"
#include "replay.h"
#include "report.h"
#include "request_builder.h"

using namespace ringcache::loadgen;

int main(int argc, char** argv) {
  int exit_code = 0;
  auto options = parse_options(argc, argv, &exit_code);
  if (!options) return exit_code;
  std::signal(SIGPIPE, SIG_IGN);
  RequestBuilder builder(*options);
  if (options->fill_until_evict) {
    FillResult r = fill_until_evict(*options, builder);
    long rss = options->server_pids.empty() ? -1 : processes_rss_kb(options->server_pids);
    if (!r.error.empty()) std::fprintf(stderr, "ringcache-loadgen: %s\n", r.error.c_str());
    print_fill(stdout, *options, r, rss);
    return r.ok ? 0 : 1;
  }
  if (!options->replay.empty()) {
    ReplayResult r = run_replay(*options);
    long rss = options->server_pids.empty() ? -1 : processes_rss_kb(options->server_pids);
    if (!r.error.empty()) std::fprintf(stderr, "ringcache-loadgen: %s\n", r.error.c_str());
    print_replay(stdout, *options, r, rss);
    return r.ok ? 0 : 1;
  }
  LoadResult r = run_load(*options, builder);
  if (!r.error.empty()) {
    std::fprintf(stderr, "ringcache-loadgen: %s\n", r.error.c_str());
    return 1;
  }
  print_load(stdout, *options, r);
  bool clean = r.stats.errors == 0 && r.stats.dead_connections == 0 && !r.truncated;
  return clean ? 0 : 1;
}
