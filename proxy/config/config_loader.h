// Where the proxy's configuration comes from: a JSON file (--config), the quick-start
// command line (--listen / --nodes), or both (--listen replaces the file's listeners).
// Pure functions over text and files, so the CLI and reloads share one path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/cluster_config.h"

namespace ringcache::proxy {

struct ConfigSource {
  std::string path;  ///< JSON file; empty for a command-line-only configuration
  /// From --listen; when non-empty they replace the file's listeners (and may use port 0).
  std::vector<common::ListenerConfig> listeners;
  /// From --nodes: one pool "default"; only without a file.
  std::vector<common::RingNode> nodes;
};

struct LoadResult {
  common::ClusterConfig config;     ///< meaningful only when ok()
  std::vector<std::string> errors;  ///< "json.path: message" lines
  bool ok() const { return errors.empty(); }
};

/// Reads and validates the configuration `source` describes.
LoadResult load_config(const ConfigSource& source);

/// Parses a --listen value: "HOST:PORT[=read-only|read-write|admin]" (PORT may be 0).
std::optional<common::ListenerConfig> parse_listen_option(std::string_view text,
                                                          std::string& error);
/// Parses a --nodes value: "HOST:PORT[,HOST:PORT...]".
std::optional<std::vector<common::RingNode>> parse_nodes_option(std::string_view text,
                                                                std::string& error);

/// Why a reload from `before` to `after` cannot be applied live ("" when it can): the
/// listening sockets are opened once, so a changed listener list needs a restart.
std::string listeners_changed(const common::ClusterConfig& before,
                              const common::ClusterConfig& after);

}  // namespace ringcache::proxy
