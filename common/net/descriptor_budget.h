// Descriptor budget: how many client connections a server may hold under RLIMIT_NOFILE while
// keeping some descriptors free for the process's own use. A process left without any free
// descriptor cannot open anything else: outgoing connections (the proxy's to its nodes,
// which would then be taken for failures of the node), configuration files, and the
// sanitizer runtimes' pipes (UBSan's vptr check reads memory through one and, without it,
// reports a valid object as having an invalid vptr).
#pragma once

namespace ringcache::common {

/// Descriptors open in this process now (0 when /proc/self/fd cannot be read).
int count_open_descriptors();

/// Connections that fit under the soft RLIMIT_NOFILE beside the `open` descriptors already
/// in use and `reserve` kept free; at least 1. 0 (no cap) when the limit is unlimited or
/// cannot be read.
int connections_within_fd_limit(int open, int reserve);

}  // namespace ringcache::common
