#include "node/server/listen_spec.h"

#include <charconv>

namespace ringcache::node {
namespace {

int parse_port(std::string_view text, int fallback) {
  int port = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  return ec == std::errc() && end == text.data() + text.size() ? port : fallback;
}

}  // namespace

common::ListenerSpec parse_listen_address(std::string_view text, int default_port) {
  common::ListenerSpec spec;
  spec.port = default_port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close != std::string_view::npos) {
      spec.host = std::string(text.substr(1, close - 1));
      std::string_view rest = text.substr(close + 1);
      if (rest.size() > 1 && rest.front() == ':') spec.port = parse_port(rest.substr(1), default_port);
      return spec;
    }
  }
  auto colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    spec.host = std::string(text.substr(0, colon));
    spec.port = parse_port(text.substr(colon + 1), default_port);
    return spec;
  }
  spec.host = std::string(text);  // a name, an IPv4 address or a bare IPv6 address
  return spec;
}

std::vector<common::ListenerSpec> listener_specs(const Settings& settings) {
  if (!settings.unix_socket.empty()) {
    common::ListenerSpec spec;
    spec.unix_path = settings.unix_socket;
    spec.unix_mask = settings.unix_mask;
    return {spec};
  }
  std::vector<common::ListenerSpec> specs;
  for (const std::string& entry : settings.listen) {
    specs.push_back(parse_listen_address(entry, settings.port));
  }
  if (specs.empty()) specs.push_back(parse_listen_address("127.0.0.1", settings.port));
  return specs;
}

}  // namespace ringcache::node
