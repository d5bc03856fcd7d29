// Small socket helpers: loopback connect with a deadline, blocking I/O with timeouts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringcache::loadgen {

/// Connects to host:port (which must be loopback), with TCP_NODELAY. Returns the fd, or -1
/// with *error set.
int connect_loopback(const std::string& host, uint16_t port, double timeout_s, std::string* error);

/// Switches fd to non-blocking mode.
bool set_nonblocking(int fd);

/// Blocking sockets used by prefill and stats give up after this long without progress.
bool set_io_timeout(int fd, double seconds);

/// Writes all bytes (blocking fd); false on error or timeout.
bool write_all(int fd, std::string_view bytes);

/// Monotonic nanoseconds.
int64_t now_ns();

}  // namespace ringcache::loadgen
