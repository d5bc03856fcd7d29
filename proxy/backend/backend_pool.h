// The BackendPool of one worker thread (see backend.h), and its factory.
#pragma once

#include <memory>

#include "common/net/event_loop.h"
#include "proxy/backend/backend.h"
#include "proxy/backend/backend_options.h"
#include "proxy/backend/health_registry.h"

namespace ringcache::proxy {

/// A pool whose backends live on `loop` (create, use and destroy it on that loop's thread).
/// retain() also picks up the registry's current timeouts; the backends it drops fail their
/// pending requests with kFailed and are destroyed at the end of the loop iteration, so a
/// reply callback may safely trigger a reload.
std::unique_ptr<BackendPool> make_backend_pool(common::EventLoop& loop,
                                               std::shared_ptr<HealthRegistry> registry,
                                               const BackendOptions& options = {});

}  // namespace ringcache::proxy
