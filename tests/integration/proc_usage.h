// What a server process holds, read from /proc, for leak checks: open descriptors and resident
// memory. And the descriptor limit of the test process itself, raised for tests that open
// thousands of connections (servers started afterwards inherit it).
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace ringcache::integration {

/// Entries of /proc/PID/fd, or -1 when it cannot be read.
long open_fds(pid_t pid);
/// VmRSS of /proc/PID/status in KiB, or -1.
long rss_kb(pid_t pid);
/// User plus system CPU time of the process in clock ticks (sysconf(_SC_CLK_TCK)), or -1.
long cpu_ticks(pid_t pid);
/// Raises this process's soft RLIMIT_NOFILE to min(wanted, hard); returns the soft limit now.
std::size_t raise_fd_limit(std::size_t wanted);

}  // namespace ringcache::integration
