// The proxy's command line, once split into (name, value) pairs by main.cc: applied to
// ProxyOptions here, free of Program_options, so it can be tested.
#pragma once

#include <string>
#include <string_view>

#include "proxy/server/proxy_server.h"

namespace ringcache::proxy {

struct CliSettings {
  ProxyOptions options;
  bool check_config = false;
  bool help = false;
  bool version = false;
  bool hash_password = false;  ///< print a hash of the password read from stdin, then exit
};

/// Applies one option by its long name ("config", "listen", "nodes", "threads",
/// "max-item-size", "max-client-pending", "max-connections", "check-config", "verbose",
/// "help", "version", "hash-password"). Returns "" or what is wrong with it.
std::string apply_cli_option(std::string_view name, std::string_view value, CliSettings& s);

/// Checks the options together (after all were applied). Returns "" or the problem.
std::string check_cli(const CliSettings& s);

/// Parses a memcached-style size: "1048576", "512k", "2m" (at least 1 KiB, at most 1 GiB).
bool parse_size(std::string_view text, std::size_t& out);

}  // namespace ringcache::proxy
