#include "load_run.h"

#include <unistd.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "fill.h"
#include "proc_stat.h"
#include "socket_util.h"

namespace ringcache::loadgen {
namespace {

struct Sample {
  int64_t ns = 0;
  double server_cpu = -1;
  double self_cpu = 0;
};

Sample take_sample(const std::vector<int>& server_pids) {
  Sample s;
  s.ns = now_ns();
  if (!server_pids.empty()) s.server_cpu = processes_cpu_seconds(server_pids);
  s.self_cpu = self_cpu_seconds();
  return s;
}

// Connects every connection up front so that connecting is never inside the window.
std::vector<std::vector<int>> connect_all(const Options& o, std::string* error) {
  std::vector<std::vector<int>> per_thread(static_cast<std::size_t>(o.threads));
  for (int i = 0; i < o.connections; ++i) {
    int fd = connect_loopback(o.host, o.port, 5, error);
    if (fd < 0) {
      for (auto& fds : per_thread)
        for (int f : fds) close(f);
      return {};
    }
    per_thread[static_cast<std::size_t>(i % o.threads)].push_back(fd);
  }
  return per_thread;
}

// Sleeps until deadline_ns, or until every worker has finished; true when they all finished.
bool wait_until(int64_t deadline_ns, const std::atomic<int>& done, int workers) {
  while (now_ns() < deadline_ns) {
    if (done.load() == workers) return true;
    int64_t left = deadline_ns - now_ns();
    std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<int64_t>(left, 1'000'000)));
  }
  return done.load() == workers;
}

}  // namespace

LoadResult run_load(const Options& o, const RequestBuilder& builder) {
  LoadResult r;
  int64_t start = now_ns();
  int64_t hard_end = start + static_cast<int64_t>(o.max_time_s * 1e9);
  if (o.prefill && (r.prefill_s = prefill(o, builder, &r.error)) < 0) return r;
  auto fds = connect_all(o, &r.error);
  if (fds.empty()) return r;

  std::atomic<Phase> phase{o.warmup_s > 0 ? Phase::kWarmup : Phase::kMeasure};
  std::atomic<int> done{0};
  std::vector<std::unique_ptr<Worker>> workers;
  for (int t = 0; t < o.threads; ++t) {
    uint64_t quota = o.requests / static_cast<uint64_t>(o.threads) +
                     (static_cast<uint64_t>(t) < o.requests % static_cast<uint64_t>(o.threads));
    if (o.requests > 0 && quota == 0) quota = 1;  // 0 would mean "no quota"
    workers.push_back(std::make_unique<Worker>(o, builder, std::move(fds[static_cast<std::size_t>(t)]),
                                               phase, quota, o.seed * 1000003 + static_cast<uint64_t>(t)));
  }
  Sample first;
  if (o.warmup_s == 0) first = take_sample(o.server_pids);
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back([&w, &done] { w->run(); ++done; });
  if (o.warmup_s > 0) {
    wait_until(std::min(hard_end, now_ns() + static_cast<int64_t>(o.warmup_s * 1e9)), done, o.threads);
    first = take_sample(o.server_pids);
    phase.store(Phase::kMeasure, std::memory_order_release);
  }
  int64_t window_end = o.requests > 0 ? hard_end : first.ns + static_cast<int64_t>(o.duration_s * 1e9);
  bool all_done = wait_until(std::min(window_end, hard_end), done, o.threads);
  Sample last = take_sample(o.server_pids);
  phase.store(Phase::kDone, std::memory_order_release);
  for (auto& th : threads) th.join();

  r.truncated = o.requests > 0 && !all_done;
  r.seconds = static_cast<double>(last.ns - first.ns) / 1e9;
  if (first.server_cpu >= 0 && last.server_cpu >= 0) r.server_cpu_s = last.server_cpu - first.server_cpu;
  r.client_cpu_s = last.self_cpu - first.self_cpu;
  for (auto& w : workers) r.stats.merge(w->stats());
  return r;
}

}  // namespace ringcache::loadgen
