// CPU time and memory of a process, read from /proc, and of this process.
#pragma once

#include <vector>

namespace ringcache::loadgen {

/// utime + stime of pid (all threads) in seconds, from /proc/<pid>/stat; -1 when unreadable.
double process_cpu_seconds(int pid);

/// VmRSS of pid in KiB from /proc/<pid>/status; -1 when unreadable.
long process_rss_kb(int pid);

/// The sums over several processes (a proxy and its nodes); -1 when any is unreadable.
double processes_cpu_seconds(const std::vector<int>& pids);
long processes_rss_kb(const std::vector<int>& pids);

/// User + system CPU seconds of this process so far.
double self_cpu_seconds();

}  // namespace ringcache::loadgen
