// The proxy's cluster configuration: plain structs with defaults, and a parser that
// validates a JSON document and names the JSON path of every problem it finds.
//
// {
//   "listeners": [{"address": "127.0.0.1", "port": 11311, "role": "read-write", "pool": "main"}],
//   "pools": [{"name": "main", "hash": "ketama",
//              "nodes": ["10.0.0.1:11211", {"address": "10.0.0.2:11211", "weight": 2,
//                                           "name": "shard-b"}]}],
//   "timeouts": {"connect_ms": 1000, "reply_ms": 1000},
//   "failure_detection": {"consecutive_timeouts": 3, "probe_backoff_min_ms": 100,
//                         "probe_backoff_max_ms": 10000, "max_down_share": 0.5},
//   "write_failover_reply": "NOT_STORED",
//   "users": [{"name": "ops", "password_hash": "$y$...", "role": "admin"}]
// }
// Listeners may also carry "rules" ([{"cidr": "10.0.0.0/8", "role": ..., "scope": [...]}]),
// "scope" (key prefixes) and "auth" ("none" | "optional" | "required"): access_config.h.
// Only "listeners" (each with a "port") and "pools" (each with "nodes") are required.
// A node "name" is hashed instead of its address, as in twemproxy's "host:port:weight name",
// so a node can move to a new address without moving its keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/access_config.h"
#include "common/config/config_error.h"
#include "common/hash/hash_ring.h"

namespace ringcache::common {

/// The reply to a write whose node is down (failover-as-miss).
enum class WriteFailoverReply : uint8_t { kNotStored, kServerError };

struct ListenerConfig {
  std::string address = "127.0.0.1";
  uint16_t port = 0;
  Role role = Role::kReadWrite;  ///< for clients no rule matches (and no credentials)
  std::string pool;               ///< defaults to the only pool when there is one
  // Braced defaults keep {address, port, role, pool} initializers free of warnings.
  std::vector<AccessRule> rules{};  ///< in file order: the first match wins
  KeyScope scope{};                 ///< of `role`
  AuthMode auth = AuthMode::kNone;
};

struct PoolConfig {
  std::string name = "default";
  HashMode hash = HashMode::kKetama;
  std::vector<RingNode> nodes;  ///< in file order: HashRing indexes follow it
};

struct TimeoutConfig {
  uint32_t connect_ms = 1000;
  uint32_t reply_ms = 1000;
};

struct FailureDetectionConfig {
  uint32_t consecutive_timeouts = 3;  ///< this many in a row mark a node down
  uint32_t probe_backoff_min_ms = 100;
  uint32_t probe_backoff_max_ms = 10'000;
  /// Cascade guard: past this share of a pool down, stop marking its nodes down.
  double max_down_share = 0.5;
};

struct ClusterConfig {
  std::vector<ListenerConfig> listeners;
  std::vector<PoolConfig> pools;
  TimeoutConfig timeouts;
  FailureDetectionConfig failure_detection;
  WriteFailoverReply write_failover_reply = WriteFailoverReply::kNotStored;
  std::vector<AccessUser> users;

  /// The pool called `name`, or nullptr.
  const PoolConfig* find_pool(std::string_view name) const;
  /// The user called `name`, or nullptr.
  const AccessUser* find_user(std::string_view name) const;
};

struct ConfigParseResult {
  ClusterConfig config;  ///< meaningful only when ok()
  std::vector<ConfigError> errors;
  bool ok() const { return errors.empty(); }
};

/// Longest node name: twemproxy hashes "name-i" through an 86-byte buffer, so longer
/// names would land elsewhere there.
inline constexpr std::size_t kMaxNodeNameLength = 64;
/// Largest node weight.
inline constexpr uint32_t kMaxNodeWeight = 1'000'000;

/// Parses and validates a cluster configuration document.
ConfigParseResult parse_cluster_config(std::string_view json);

std::string_view to_string(WriteFailoverReply reply);

}  // namespace ringcache::common
