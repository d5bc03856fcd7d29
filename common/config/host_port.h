// "host:port" endpoints as written in configuration files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringcache::common {

/// A parsed endpoint; `host` has no brackets even for IPv6 literals.
struct HostPort {
  std::string host;
  uint16_t port = 0;
};

/// Parses "host:port" or "[v6-literal]:port"; port 1..65535. Host names may hold letters,
/// digits, '.', '-' and '_'. Returns nullopt when malformed.
std::optional<HostPort> parse_host_port(std::string_view text);

/// The inverse: "host:port", with brackets around IPv6 literals.
std::string format_host_port(std::string_view host, uint16_t port);

}  // namespace ringcache::common
