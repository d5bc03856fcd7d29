// Process set-up around the server: detaching (-d), the pid file (-P) and the open-file
// limit that -c needs. Each returns "" or a one-line reason.
#pragma once

#include <cstddef>
#include <string>

namespace ringcache::node {

/// Detaches from the terminal as memcached -d does: fork, setsid, fork again (so the daemon
/// can never reacquire a terminal), chdir("/"), stdin/stdout (and stderr unless
/// `keep_stderr`) to /dev/null. Only the daemon returns; the original process waits until
/// the daemon calls daemon_ready() and exits 0, or 1 with the reason the daemon reported,
/// so that `ringcache-node -d -P FILE && cat FILE` is reliable. Call before any thread.
std::string daemonize(bool keep_stderr);

/// Tells the waiting parent that start-up finished (error empty) or failed. No-op when the
/// process did not daemonize, or after the first call.
void daemon_ready(const std::string& error);

/// Writes this process's pid and a newline to `path` (replacing the file).
std::string write_pid_file(const std::string& path);

/// Removes the pid file at exit, as memcached does; ignores a missing file.
void remove_pid_file(const std::string& path);

/// Raises RLIMIT_NOFILE so `needed` descriptors can be open (the hard limit too when the
/// process may); never lowers it.
std::string raise_fd_limit(std::size_t needed);

}  // namespace ringcache::node
