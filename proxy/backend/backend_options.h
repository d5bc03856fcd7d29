// Knobs of the backend side that the cluster configuration does not carry. Timeouts and
// failure detection come from the configuration, through the HealthRegistry.
#pragma once

#include <cstddef>

#include "common/protocol/response_parser.h"

namespace ringcache::proxy {

struct BackendOptions {
  /// Framing limits for node replies (a reply past them closes the connection).
  common::ResponseLimits limits;
  /// Cap on a connection's unconsumed input: the largest reply a node may send, plus slack.
  std::size_t max_read_buffer = common::kMaxNodeValue + (std::size_t{1} << 20);
};

}  // namespace ringcache::proxy
