// The BackendPool of one worker thread (see backend.h), and its factory.
#pragma once

#include <memory>

#include "common/net/event_loop.h"
#include "proxy/backend/backend.h"
#include "proxy/backend/backend_options.h"
#include "proxy/backend/health_registry.h"

namespace ringcache::proxy {

/// A pool whose backends live on `loop` (create, use and destroy it on that loop's thread).
/// retain() also picks up the registry's current timeouts; the backends it drops take no new
/// requests, let the pending ones finish (bounded by the reply timeout), then close and are
/// destroyed at the end of that loop iteration, so a reply callback may safely trigger a
/// reload. Destroying the pool fails whatever is still pending with kFailed.
std::unique_ptr<BackendPool> make_backend_pool(common::EventLoop& loop,
                                               std::shared_ptr<HealthRegistry> registry,
                                               const BackendOptions& options = {});

}  // namespace ringcache::proxy
