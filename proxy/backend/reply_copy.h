// Copying a framed node reply out of a connection's read buffer into a BackendResult.
#pragma once

#include "common/protocol/response.h"
#include "proxy/backend/backend.h"

namespace ringcache::proxy {

/// Copies `parsed.raw` into `out.bytes` (always on the heap, so moving `out` keeps it in
/// place) and sets `out.response` to `parsed` with every view moved onto the copy. Views
/// outside `parsed.raw` (there should be none) become empty rather than dangle.
void copy_reply(const common::Response& parsed, BackendResult& out);

}  // namespace ringcache::proxy
