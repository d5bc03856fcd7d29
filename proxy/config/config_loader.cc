#include "proxy/config/config_loader.h"

#include <fstream>
#include <sstream>

#include "common/config/host_port.h"

namespace ringcache::proxy {
namespace {

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    error = path + ": read error";
    return std::nullopt;
  }
  return text.str();
}

std::optional<common::Role> parse_role(std::string_view text) {
  if (text == "read-only") return common::Role::kReadOnly;
  if (text == "read-write") return common::Role::kReadWrite;
  if (text == "admin") return common::Role::kAdmin;
  return std::nullopt;
}

// Quick start: one pool of the given nodes, every listener on it.
common::ClusterConfig command_line_config(const ConfigSource& source) {
  common::ClusterConfig config;
  common::PoolConfig pool;
  pool.nodes = source.nodes;
  config.pools.push_back(std::move(pool));
  config.listeners = source.listeners;
  for (auto& l : config.listeners) l.pool = config.pools.front().name;
  return config;
}

}  // namespace

LoadResult load_config(const ConfigSource& source) {
  LoadResult result;
  if (source.path.empty()) {
    if (source.listeners.empty()) result.errors.push_back("no listener: give --listen");
    if (source.nodes.empty()) result.errors.push_back("no node: give --nodes or --config");
    if (result.ok()) result.config = command_line_config(source);
    return result;
  }
  std::string error;
  std::optional<std::string> text = read_file(source.path, error);
  if (!text) {
    result.errors.push_back(error);
    return result;
  }
  common::ConfigParseResult parsed = common::parse_cluster_config(*text);
  for (const common::ConfigError& e : parsed.errors) result.errors.push_back(e.to_string());
  if (!result.ok()) return result;
  result.config = std::move(parsed.config);
  if (!source.listeners.empty()) {
    // Command-line listeners serve the first pool (the only one in most files).
    result.config.listeners = source.listeners;
    for (auto& l : result.config.listeners) l.pool = result.config.pools.front().name;
  }
  return result;
}

std::optional<common::ListenerConfig> parse_listen_option(std::string_view text,
                                                          std::string& error) {
  common::ListenerConfig listener;
  if (const auto eq = text.find('='); eq != std::string_view::npos) {
    auto role = parse_role(text.substr(eq + 1));
    if (!role) {
      error = "bad role in \"" + std::string(text) + "\": expected read-only, read-write or admin";
      return std::nullopt;
    }
    listener.role = *role;
    text = text.substr(0, eq);
  }
  // parse_host_port() wants a port in 1..65535; port 0 (any free port) is fine here.
  const auto colon = text.rfind(':');
  const bool any_port = colon != std::string_view::npos && text.substr(colon + 1) == "0";
  const std::string spelled =
      any_port ? std::string(text.substr(0, colon)) + ":1" : std::string(text);
  auto hp = common::parse_host_port(spelled);
  if (!hp) {
    error = "bad listen address \"" + std::string(text) + "\": expected HOST:PORT";
    return std::nullopt;
  }
  listener.address = hp->host;
  listener.port = any_port ? 0 : hp->port;
  return listener;
}

std::optional<std::vector<common::RingNode>> parse_nodes_option(std::string_view text,
                                                                std::string& error) {
  std::vector<common::RingNode> nodes;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (item.empty()) continue;
    auto hp = common::parse_host_port(item);
    if (!hp) {
      error = "bad node \"" + std::string(item) + "\": expected HOST:PORT";
      return std::nullopt;
    }
    for (const auto& n : nodes) {
      if (n.host == hp->host && n.port == hp->port) {
        error = "duplicate node \"" + std::string(item) + "\"";
        return std::nullopt;
      }
    }
    nodes.push_back(common::RingNode{hp->host, hp->port, 1, ""});
  }
  if (nodes.empty()) error = "no node in --nodes";
  if (nodes.empty()) return std::nullopt;
  return nodes;
}

std::string listeners_changed(const common::ClusterConfig& before,
                              const common::ClusterConfig& after) {
  const auto& a = before.listeners;
  const auto& b = after.listeners;
  if (a.size() != b.size()) {
    return "the number of listeners changed (" + std::to_string(a.size()) + " -> " +
           std::to_string(b.size()) + "): restart the proxy to change listeners";
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].address != b[i].address || a[i].port != b[i].port) {
      return "listeners[" + std::to_string(i) + "] changed (" +
             common::format_host_port(a[i].address, a[i].port) + " -> " +
             common::format_host_port(b[i].address, b[i].port) +
             "): restart the proxy to change listeners";
    }
  }
  return "";
}

}  // namespace ringcache::proxy
