// run_node: builds the cache and the listeners from Settings, serves until SIGTERM/SIGINT
// (or `shutdown`), then drains and returns the process exit code.
#pragma once

#include "node/server/settings.h"

namespace ringcache::node {

int run_node(const Settings& settings);

}  // namespace ringcache::node
