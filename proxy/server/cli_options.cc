#include "proxy/server/cli_options.h"

#include <charconv>

namespace ringcache::proxy {
namespace {

bool parse_int(std::string_view text, int min, int max, int& out) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) return false;
  out = v;
  return true;
}

std::string apply_number(std::string_view name, std::string_view value, CliSettings& s) {
  const std::string bad = "--" + std::string(name) + ": bad value '" + std::string(value) + "'";
  int n = 0;
  if (name == "threads") {
    if (!parse_int(value, 1, 256, n)) return bad + " (1..256)";
    s.options.threads = n;
  } else if (name == "max-client-pending") {
    if (!parse_int(value, 2, 1 << 20, n)) return bad + " (2..1048576)";
    s.options.max_pending = static_cast<std::size_t>(n);
  } else if (name == "max-connections") {
    if (!parse_int(value, 0, 1 << 24, n)) return bad + " (0 = no limit)";
    s.options.max_connections = n;
  } else if (name == "max-item-size") {
    if (!parse_size(value, s.options.max_item_size)) return bad + " (e.g. 1m, 512k; 1k..1g)";
  } else {
    return "unknown option --" + std::string(name);
  }
  return "";
}

}  // namespace

bool parse_size(std::string_view text, std::size_t& out) {
  std::size_t unit = 1;
  if (!text.empty() && (text.back() == 'k' || text.back() == 'K')) unit = 1024;
  if (!text.empty() && (text.back() == 'm' || text.back() == 'M')) unit = 1024 * 1024;
  if (!text.empty() && (text.back() == 'g' || text.back() == 'G')) unit = 1024 * 1024 * 1024;
  if (unit != 1) text.remove_suffix(1);
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return false;
  if (v > (uint64_t{1} << 30) / unit) return false;
  v *= unit;
  if (v < 1024) return false;
  out = static_cast<std::size_t>(v);
  return true;
}

std::string apply_cli_option(std::string_view name, std::string_view value, CliSettings& s) {
  std::string error;
  if (name == "config") {
    s.options.source.path = std::string(value);
  } else if (name == "listen") {
    auto listener = parse_listen_option(value, error);
    if (!listener) return "--listen: " + error;
    s.options.source.listeners.push_back(*listener);
  } else if (name == "nodes") {
    auto nodes = parse_nodes_option(value, error);
    if (!nodes) return "--nodes: " + error;
    auto& all = s.options.source.nodes;
    all.insert(all.end(), nodes->begin(), nodes->end());
  } else if (name == "check-config") {
    s.check_config = true;
  } else if (name == "verbose") {
    ++s.options.verbose;
  } else if (name == "help") {
    s.help = true;
  } else if (name == "version") {
    s.version = true;
  } else if (name == "hash-password") {
    s.hash_password = true;
  } else {
    return apply_number(name, value, s);
  }
  return "";
}

std::string check_cli(const CliSettings& s) {
  const ConfigSource& src = s.options.source;
  if (!src.path.empty() && !src.nodes.empty()) {
    return "--nodes and --config exclude each other: list the nodes in the file";
  }
  if (src.path.empty() && (src.nodes.empty() || src.listeners.empty())) {
    return "give --config FILE, or --listen HOST:PORT and --nodes HOST:PORT,...";
  }
  return "";
}

}  // namespace ringcache::proxy
