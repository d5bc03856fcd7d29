// A configuration problem, located by its JSON path.
#pragma once

#include <string>

namespace ringcache::common {

struct ConfigError {
  std::string path;     ///< e.g. "pools[0].nodes[2]"; empty for the document itself
  std::string message;  ///< e.g. "expected \"host:port\""

  /// "path: message", or the message alone for the document itself.
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
  bool operator==(const ConfigError&) const = default;
};

}  // namespace ringcache::common
