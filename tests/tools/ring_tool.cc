// ring_tool: prints, for each key read from stdin (one per line), the node that
// ringcache's hash ring picks. Used by the cross-checks against real ketama clients.
//
//   ring_tool [--mode ketama|jump] [--print host|index] NODE...
//   NODE is twemproxy's server syntax: "host:port[:weight][ name]" ("[v6addr]:port" too).
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash/hash_ring.h"

namespace {

using ringcache::common::HashMode;
using ringcache::common::HashRing;
using ringcache::common::RingNode;

std::optional<unsigned long> to_number(std::string_view s, unsigned long max) {
  if (s.empty() || s.size() > 10) return std::nullopt;
  unsigned long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned long>(c - '0');
  }
  if (v == 0 || v > max) return std::nullopt;
  return v;
}

std::optional<RingNode> parse_node(std::string_view spec) {
  RingNode node;
  if (const auto space = spec.find(' '); space != std::string_view::npos) {
    node.name = std::string(spec.substr(space + 1));
    spec = spec.substr(0, space);
  }
  std::string_view host;
  if (spec.starts_with('[')) {
    const auto close = spec.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = spec.substr(1, close - 1);
    spec = spec.substr(close + 1);
    if (!spec.starts_with(':')) return std::nullopt;
    spec.remove_prefix(1);
  } else {
    const auto colon = spec.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = spec.substr(0, colon);
    spec = spec.substr(colon + 1);
  }
  const auto colon = spec.find(':');
  const auto port = to_number(spec.substr(0, colon), 65535);
  if (host.empty() || !port) return std::nullopt;
  node.host = std::string(host);
  node.port = static_cast<uint16_t>(*port);
  if (colon != std::string_view::npos) {
    const auto weight = to_number(spec.substr(colon + 1), 0xffffffffUL);
    if (!weight) return std::nullopt;
    node.weight = static_cast<uint32_t>(*weight);
  }
  return node;
}

int usage() {
  std::fprintf(stderr,
               "usage: ring_tool [--mode ketama|jump] [--print index|host] "
               "host:port[:weight][' name']...\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  HashMode mode = HashMode::kKetama;
  bool print_host = false;
  std::vector<RingNode> nodes;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if ((arg == "--mode" || arg == "--print") && i + 1 < argc) {
      const std::string_view value = argv[++i];
      if (arg == "--mode" && (value == "ketama" || value == "jump")) {
        mode = value == "jump" ? HashMode::kJump : HashMode::kKetama;
      } else if (arg == "--print" && (value == "index" || value == "host")) {
        print_host = value == "host";
      } else {
        return usage();
      }
    } else if (auto node = parse_node(arg)) {
      nodes.push_back(std::move(*node));
    } else {
      std::fprintf(stderr, "ring_tool: bad node '%s'\n", argv[i]);
      return usage();
    }
  }
  if (nodes.empty()) return usage();
  const HashRing ring(std::move(nodes), mode);
  std::ios::sync_with_stdio(false);
  std::string key;
  while (std::getline(std::cin, key)) {
    if (!key.empty() && key.back() == '\r') key.pop_back();
    const std::size_t idx = ring.node_for(key);
    if (print_host) {
      const RingNode& n = ring.nodes()[idx];
      std::cout << n.host << ':' << n.port << '\n';
    } else {
      std::cout << idx << '\n';
    }
  }
  return 0;
}
