// validate(): the start-up checks memcached makes (same limits and, where memcached has
// one, the same message), plus the ones it leaves to atoi() and the socket calls.
#include "node/server/settings.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/un.h>

#include <charconv>
#include <limits>
#include <optional>

namespace ringcache::node {
namespace {

constexpr std::size_t kItemSizeMin = 1024;
constexpr std::size_t kItemSizeMax = std::size_t{1} << 30;
constexpr int kThreadsMax = 256;            // memcached warns above 64; more is a typo
constexpr int kConnectionsMax = 1 << 20;    // Linux's default nr_open
constexpr std::size_t kUnixPathMax = sizeof(sockaddr_un{}.sun_path) - 1;

struct ListenAddress {
  std::string host;
  int port = 0;
};

// One -l entry split as memcached does: `host`, `host:port`, `[v6]`, `[v6]:port` or a bare
// IPv6 literal; `*` means every interface (host ""). The server has its own copy of this
// split (listen_spec.cc); this one only serves the start-up checks.
std::optional<ListenAddress> split_listen_address(std::string_view entry, int default_port) {
  ListenAddress address{std::string(entry), default_port};
  std::string_view rest = entry;
  bool bracketed = !entry.empty() && entry.front() == '[';
  if (bracketed) {
    std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    address.host = std::string(entry.substr(1, close - 1));
    if (address.host.empty()) return std::nullopt;
    rest = entry.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
  }
  // As memcached: a colon starts a port unless the text is a bare IPv6 literal (2+ colons).
  std::size_t colon = rest.find(':');
  if (colon != std::string_view::npos && (bracketed || rest.find(':', colon + 1) == rest.npos)) {
    std::string_view port = rest.substr(colon + 1);
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), address.port);
    if (ec != std::errc() || end != port.data() + port.size()) return std::nullopt;
    if (!bracketed) address.host = std::string(rest.substr(0, colon));
  }
  if (address.host == "*") address.host.clear();
  return address;
}

bool valid_port(int port) { return port >= 0 && port <= 65535; }

// True when `host` is an IP literal or a name the resolver knows (what bind() will need).
bool resolvable(const std::string& host) {
  if (host.empty()) return true;
  in6_addr buf{};
  if (inet_pton(AF_INET, host.c_str(), &buf) == 1 || inet_pton(AF_INET6, host.c_str(), &buf) == 1) {
    return true;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* result = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &result) != 0) return false;
  freeaddrinfo(result);
  return true;
}

std::string validate_listen(const Settings& s) {
  if (s.listen.empty()) return "-l needs at least one address";
  for (const std::string& entry : s.listen) {
    std::optional<ListenAddress> address = split_listen_address(entry, s.port);
    if (!address) return "invalid listen address \"" + entry + "\"";
    if (!valid_port(address->port)) return "invalid port in listen address \"" + entry + "\"";
    if (!resolvable(address->host)) {
      return "listen address \"" + address->host + "\" is neither an IP address nor a known host";
    }
  }
  return "";
}

std::string validate_network(const Settings& s) {
  if (!valid_port(s.port)) return "Invalid port number " + std::to_string(s.port);
  if (!valid_port(s.udp_port)) {
    return "Invalid UDP port number " + std::to_string(s.udp_port);
  }
  if (s.unix_mask < 0 || s.unix_mask > 0777) return "unix socket mask (-a) must be octal 0..777";
  if (s.unix_socket.size() > kUnixPathMax) {
    return "unix socket path (-s) is longer than " + std::to_string(kUnixPathMax) + " bytes";
  }
  // memcached ignores -l and -p when it listens on a unix socket.
  if (s.unix_socket.empty()) return validate_listen(s);
  return "";
}

std::string validate_limits(const Settings& s) {
  if (s.max_connections <= 0) return "Maximum connections must be greater than 0";
  if (s.max_connections > kConnectionsMax) {
    return "Maximum connections must be at most " + std::to_string(kConnectionsMax);
  }
  if (s.threads <= 0) return "Number of threads must be greater than 0";
  if (s.threads > kThreadsMax) {
    return "Number of threads must be at most " + std::to_string(kThreadsMax);
  }
  if (s.reqs_per_event <= 0) return "Number of requests per event must be greater than 0";
  if (s.backlog <= 0) return "Listen backlog (-b) must be greater than 0";
  if (s.memory_limit == 0) return "Memory limit (-m) must be greater than 0";
  if (s.item_size_max < kItemSizeMin) return "Item max size cannot be less than 1024 bytes.";
  if (s.item_size_max > s.memory_limit / 2) {
    return "Cannot set item size limit higher than 1/2 of memory max.";
  }
  if (s.item_size_max > kItemSizeMax) {
    return "Cannot set item size limit higher than a gigabyte.";
  }
  if (!(s.growth_factor > 1.0)) return "Factor must be greater than 1";
  if (s.chunk_size <= 0) return "Chunk size must be greater than 0";
  if (s.idle_timeout < 0) return "idle_timeout must not be negative";
  return "";
}

std::string validate_features(const Settings& s) {
  if (s.protocol != "auto" && s.protocol != "ascii" && s.protocol != "binary") {
    return "Invalid value for binding protocol: " + s.protocol +
           " -- should be one of auto, binary, or ascii";
  }
  // memcached: -S serves binary only and -Y text only (each picks it when -B is auto).
  if (s.sasl && !s.auth_file.empty()) return "-S (SASL) and -Y (text auth) exclude each other";
  if (s.sasl && s.protocol == "ascii") {
    return "You cannot allow the ASCII protocol while using SASL.";
  }
  if (!s.auth_file.empty() && s.protocol == "binary") {
    return "You cannot allow the BINARY protocol while using ascii authentication tokens.";
  }
  // memcached's refusals: authentication cannot hold across datagrams.
  if (s.udp_port != 0 && s.sasl) {
    return "ERROR: Cannot enable UDP while using binary SASL authentication.";
  }
  if (s.udp_port != 0 && !s.auth_file.empty()) {
    return "Cannot use UDP with ascii authentication enabled (-U 0 to disable)";
  }
  if (s.verbose < 0) return "verbosity must not be negative";
  return "";
}

}  // namespace

std::string validate(const Settings& settings) {
  for (auto check : {validate_limits, validate_network, validate_features}) {
    std::string error = check(settings);
    if (!error.empty()) return error;
  }
  return "";
}

bool parse_size(std::string_view text, std::size_t unit, std::size_t& out) {
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) return false;
  std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (suffix.size() > 1) return false;
  if (suffix.size() == 1) {
    switch (suffix[0]) {
      case 'k': case 'K': unit = std::size_t{1} << 10; break;
      case 'm': case 'M': unit = std::size_t{1} << 20; break;
      case 'g': case 'G': unit = std::size_t{1} << 30; break;
      default: return false;
    }
  }
  if (value > std::numeric_limits<std::size_t>::max() / unit) return false;
  out = value * unit;
  return true;
}

}  // namespace ringcache::node
