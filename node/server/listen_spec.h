// Turns the node's -l / -p / -s / -a settings into the network layer's listener list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/net/server.h"
#include "node/server/settings.h"

namespace ringcache::node {

/// One -l entry as memcached reads it: "host", "host:port", "[v6]", "[v6]:port" or a bare
/// IPv6 address ("::1"); `default_port` (-p) applies when none is given.
common::ListenerSpec parse_listen_address(std::string_view text, int default_port);

/// Like memcached, a unix socket (-s) replaces the TCP listeners; -U is not a listener here.
std::vector<common::ListenerSpec> listener_specs(const Settings& settings);

}  // namespace ringcache::node
