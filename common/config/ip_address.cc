#include "common/config/ip_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace ringcache::common {
namespace {

constexpr uint8_t kMappedPrefix = 96;  // ::ffff:0:0/96 holds the IPv4 addresses

IpAddress mapped(const in_addr& v4) {
  IpAddress a;
  a.bytes[10] = 0xff;
  a.bytes[11] = 0xff;
  std::memcpy(&a.bytes[12], &v4, 4);
  return a;
}

bool is_v4_text(std::string_view text) { return text.find(':') == std::string_view::npos; }

bool bit(const IpAddress& a, unsigned i) { return (a.bytes[i / 8] >> (7 - i % 8)) & 1; }

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  if (is_v4_text(text)) {
    in_addr v4{};
    if (::inet_pton(AF_INET, s.c_str(), &v4) != 1) return std::nullopt;
    return mapped(v4);
  }
  IpAddress a;
  if (::inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  return a;
}

std::optional<IpAddress> parse_peer_ip(std::string_view peer) {
  std::string_view rest;
  if (peer.substr(0, 4) == "tcp:") {
    rest = peer.substr(4);
    rest = rest.substr(0, rest.rfind(':'));
  } else if (peer.substr(0, 6) == "tcp6:[") {
    rest = peer.substr(6);
    rest = rest.substr(0, rest.rfind(']'));
  } else {
    return std::nullopt;
  }
  return parse_ip(rest);
}

bool Cidr::contains(const IpAddress& address) const {
  const unsigned whole = prefix / 8;
  if (std::memcmp(address.bytes.data(), base.bytes.data(), whole) != 0) return false;
  const unsigned rest = prefix % 8;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (address.bytes[whole] & mask) == base.bytes[whole];
}

std::optional<Cidr> parse_cidr(std::string_view text, std::string& error) {
  const auto slash = text.find('/');
  const std::string_view host = text.substr(0, slash);
  const auto ip = parse_ip(host);
  const bool v4 = is_v4_text(host);
  unsigned prefix = v4 ? 32 : 128;
  bool ok = ip.has_value();
  if (ok && slash != std::string_view::npos) {
    const std::string_view p = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
    ok = !p.empty() && ec == std::errc() && end == p.data() + p.size() && prefix <= (v4 ? 32u : 128u);
  }
  if (!ok) {
    error = "expected an address or a block like \"10.0.0.0/8\" or \"2001:db8::/32\"";
    return std::nullopt;
  }
  Cidr c{*ip, static_cast<uint8_t>(v4 ? prefix + kMappedPrefix : prefix), std::string(text)};
  for (unsigned i = c.prefix; i < 128; ++i) {
    if (bit(c.base, i)) {
      error = "has address bits set past the /" + std::to_string(prefix) + " prefix";
      return std::nullopt;
    }
  }
  return c;
}

}  // namespace ringcache::common
