// Client addresses and CIDR blocks for the proxy's access rules. IPv4 addresses are kept as
// IPv4-mapped IPv6 (::ffff:a.b.c.d), so one comparison covers both families and a client
// reaching a dual-stack listener over IPv4 matches IPv4 rules.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringcache::common {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  bool operator==(const IpAddress&) const = default;
};

/// "10.0.0.1", "::1", "::ffff:10.0.0.1"; nullopt for anything else (no host names).
std::optional<IpAddress> parse_ip(std::string_view text);

/// The address in a peer name as memcached prints it: "tcp:10.0.0.1:40000",
/// "tcp6:[::1]:40000"; nullopt for others ("unix:/path").
std::optional<IpAddress> parse_peer_ip(std::string_view peer);

struct Cidr {
  IpAddress base;      ///< with every bit past `prefix` zero
  uint8_t prefix = 0;  ///< 0..128, counted on the mapped form (IPv4 /8 is 104 here)
  std::string text;    ///< as written in the configuration

  bool contains(const IpAddress& address) const;
};

/// "10.0.0.0/8", "2001:db8::/32", or a bare address (a single host). On failure returns
/// nullopt and sets `error`; bits set past the prefix are an error (a likely typo).
std::optional<Cidr> parse_cidr(std::string_view text, std::string& error);

}  // namespace ringcache::common
