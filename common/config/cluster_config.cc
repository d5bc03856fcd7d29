#include "common/config/cluster_config.h"

#include <algorithm>
#include <map>
#include <optional>

#include "common/config/access_json.h"
#include "common/config/host_port.h"
#include "common/config/json_reader.h"

namespace ringcache::common {
namespace {

constexpr uint64_t kMaxTimeoutMs = 600'000;
constexpr uint64_t kMaxBackoffMs = 3'600'000;
constexpr const char* kExpectedHostPort = "expected \"host:port\"";

bool valid_node_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNodeNameLength &&
         std::all_of(name.begin(), name.end(), [](char c) { return c > ' ' && c < 127; });
}

// Nodes are "host:port" or {"address": "host:port", "weight": N, "name": "..."}.
std::optional<RingNode> read_node(JsonReader& r, const Json& j, const std::string& path) {
  const Json* address = &j;
  std::string address_path = path;
  if (j.is_object()) {
    r.object(j, path, {"address", "weight", "name"});
    address = JsonReader::find(j, "address");
    address_path = JsonReader::field(path, "address");
    if (address == nullptr) {
      r.fail(address_path, "required");
      return std::nullopt;
    }
  } else if (!j.is_string()) {
    r.fail(path, "expected \"host:port\" or an object");
    return std::nullopt;
  }
  const auto hp = address->is_string() ? parse_host_port(address->get<std::string>())
                                       : std::optional<HostPort>{};
  if (!hp) {
    r.fail(address_path, kExpectedHostPort);
    return std::nullopt;
  }
  RingNode node{hp->host, hp->port, 1, ""};
  if (j.is_object()) {
    r.integer(j, path, "weight", 1, kMaxNodeWeight, node.weight);
    if (const Json* name = JsonReader::find(j, "name")) {
      if (name->is_string() && valid_node_name(name->get_ref<const std::string&>())) {
        node.name = name->get<std::string>();
      } else {
        r.fail(JsonReader::field(path, "name"), "expected 1.." +
                                                    std::to_string(kMaxNodeNameLength) +
                                                    " printable characters without spaces");
      }
    }
  }
  return node;
}

// Two nodes at one address, or two nodes on the same ketama points, are mistakes.
void check_duplicate_nodes(JsonReader& r, const PoolConfig& pool,
                           const std::vector<std::string>& paths) {
  std::map<std::string, std::size_t> addresses;
  std::map<std::string, std::size_t> ring_names;
  for (std::size_t i = 0; i < pool.nodes.size(); ++i) {
    const RingNode& n = pool.nodes[i];
    const std::string address = format_host_port(n.host, n.port);
    if (const auto [it, fresh] = addresses.emplace(address, i); !fresh) {
      r.fail(paths[i], "duplicate node " + address + " (also " + paths[it->second] + ")");
      continue;
    }
    if (pool.hash != HashMode::kKetama) continue;
    const std::string ring_name = ketama_server_name(n);
    if (const auto [it, fresh] = ring_names.emplace(ring_name, i); !fresh) {
      r.fail(paths[i], "hashes as \"" + ring_name + "\" like " + paths[it->second]);
    }
  }
}

void read_nodes(JsonReader& r, const Json& pool_json, const std::string& path, PoolConfig& pool) {
  const Json* nodes = r.array(pool_json, path, "nodes", true);
  if (nodes == nullptr) return;
  const std::string nodes_path = JsonReader::field(path, "nodes");
  std::vector<std::string> paths;
  uint64_t total_weight = 0;
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    std::string node_path = JsonReader::index(nodes_path, i);
    if (auto node = read_node(r, (*nodes)[i], node_path)) {
      total_weight += node->weight;
      pool.nodes.push_back(std::move(*node));
      paths.push_back(std::move(node_path));
    }
  }
  check_duplicate_nodes(r, pool, paths);
  if (pool.hash == HashMode::kJump && total_weight > HashRing::kMaxJumpBuckets) {
    r.fail(nodes_path, "total weight above " + std::to_string(HashRing::kMaxJumpBuckets) +
                           " with hash \"jump\"");
  }
}

std::vector<PoolConfig> read_pools(JsonReader& r, const Json& root) {
  std::vector<PoolConfig> pools;
  const Json* list = r.array(root, "", "pools", true);
  if (list == nullptr) return pools;
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = JsonReader::index("pools", i);
    const Json& j = (*list)[i];
    if (!r.object(j, path, {"name", "hash", "nodes"})) continue;
    PoolConfig pool;
    r.string(j, path, "name", pool.name);
    r.choice(j, path, "hash", {{"ketama", HashMode::kKetama}, {"jump", HashMode::kJump}},
             pool.hash);
    read_nodes(r, j, path, pool);
    if (const auto [it, fresh] = names.emplace(pool.name, i); !fresh) {
      r.fail(JsonReader::field(path, "name"), "duplicate pool name \"" + pool.name +
                                                  "\" (also pools[" + std::to_string(it->second) +
                                                  "])");
    }
    pools.push_back(std::move(pool));
  }
  return pools;
}

void resolve_listener_pool(JsonReader& r, const ClusterConfig& config, const std::string& path,
                           ListenerConfig& listener) {
  const std::string pool_path = JsonReader::field(path, "pool");
  if (listener.pool.empty()) {
    if (config.pools.size() == 1) {
      listener.pool = config.pools.front().name;
    } else if (config.pools.size() > 1) {
      r.fail(pool_path, "required when there are several pools");
    }
  } else if (!config.pools.empty() && config.find_pool(listener.pool) == nullptr) {
    r.fail(pool_path, "no pool named \"" + listener.pool + "\"");
  }
}

std::vector<ListenerConfig> read_listeners(JsonReader& r, const Json& root,
                                           const ClusterConfig& config) {
  std::vector<ListenerConfig> listeners;
  const Json* list = r.array(root, "", "listeners", true);
  if (list == nullptr) return listeners;
  std::map<std::string, std::size_t> endpoints;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = JsonReader::index("listeners", i);
    const Json& j = (*list)[i];
    if (!r.object(j, path, {"address", "port", "role", "pool", "rules", "scope", "auth"})) continue;
    ListenerConfig l;
    r.string(j, path, "address", l.address);
    if (!parse_host_port(format_host_port(l.address, 1))) {
      r.fail(JsonReader::field(path, "address"), "expected a host name or IP address");
    }
    if (JsonReader::find(j, "port") == nullptr) r.fail(JsonReader::field(path, "port"), "required");
    r.integer(j, path, "port", 1, 65535, l.port);
    r.choice(
        j, path, "role",
        {{"read-only", Role::kReadOnly}, {"read-write", Role::kReadWrite}, {"admin", Role::kAdmin}},
        l.role);
    r.string(j, path, "pool", l.pool);
    read_listener_access(r, j, path, l);
    resolve_listener_pool(r, config, path, l);
    const std::string endpoint = format_host_port(l.address, l.port);
    if (const auto [it, fresh] = endpoints.emplace(endpoint, i); l.port != 0 && !fresh) {
      r.fail(path, "duplicate listener " + endpoint + " (also listeners[" +
                       std::to_string(it->second) + "])");
    }
    listeners.push_back(std::move(l));
  }
  return listeners;
}

void read_timeouts(JsonReader& r, const Json& root, TimeoutConfig& t) {
  const Json* j = JsonReader::find(root, "timeouts");
  if (j == nullptr || !r.object(*j, "timeouts", {"connect_ms", "reply_ms"})) return;
  r.integer(*j, "timeouts", "connect_ms", 1, kMaxTimeoutMs, t.connect_ms);
  r.integer(*j, "timeouts", "reply_ms", 1, kMaxTimeoutMs, t.reply_ms);
}

void read_failure_detection(JsonReader& r, const Json& root, FailureDetectionConfig& f) {
  const std::string path = "failure_detection";
  const Json* j = JsonReader::find(root, path);
  if (j == nullptr || !r.object(*j, path,
                                {"consecutive_timeouts", "probe_backoff_min_ms",
                                 "probe_backoff_max_ms", "max_down_share"})) {
    return;
  }
  r.integer(*j, path, "consecutive_timeouts", 1, 1000, f.consecutive_timeouts);
  r.integer(*j, path, "probe_backoff_min_ms", 1, kMaxBackoffMs, f.probe_backoff_min_ms);
  r.integer(*j, path, "probe_backoff_max_ms", 1, kMaxBackoffMs, f.probe_backoff_max_ms);
  r.number(*j, path, "max_down_share", 0.0, 1.0, f.max_down_share);
  if (f.probe_backoff_max_ms < f.probe_backoff_min_ms) {
    r.fail(JsonReader::field(path, "probe_backoff_max_ms"), "must be >= probe_backoff_min_ms");
  }
}

}  // namespace

const PoolConfig* ClusterConfig::find_pool(std::string_view name) const {
  const auto it =
      std::find_if(pools.begin(), pools.end(), [&](const PoolConfig& p) { return p.name == name; });
  return it == pools.end() ? nullptr : &*it;
}

const AccessUser* ClusterConfig::find_user(std::string_view name) const {
  const auto it =
      std::find_if(users.begin(), users.end(), [&](const AccessUser& u) { return u.name == name; });
  return it == users.end() ? nullptr : &*it;
}

ConfigParseResult parse_cluster_config(std::string_view json) {
  ConfigParseResult result;
  Json root;
  try {
    root = Json::parse(json);
  } catch (const Json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    const std::string what = e.what();
    const auto space = what.find("] ");
    result.errors.push_back(
        {"", "invalid JSON: " + what.substr(space == std::string::npos ? 0 : space + 2)});
    return result;
  }
  JsonReader r(result.errors);
  if (!r.object(root, "",
                {"listeners", "pools", "timeouts", "failure_detection", "write_failover_reply",
                 "users"})) {
    return result;
  }
  ClusterConfig& c = result.config;
  c.pools = read_pools(r, root);
  c.listeners = read_listeners(r, root, c);
  read_timeouts(r, root, c.timeouts);
  read_failure_detection(r, root, c.failure_detection);
  r.choice(root, "", "write_failover_reply",
           {{"NOT_STORED", WriteFailoverReply::kNotStored},
            {"SERVER_ERROR", WriteFailoverReply::kServerError}},
           c.write_failover_reply);
  c.users = read_users(r, root);
  check_access(r, c);
  return result;
}

std::string_view to_string(WriteFailoverReply reply) {
  return reply == WriteFailoverReply::kNotStored ? "NOT_STORED" : "SERVER_ERROR";
}

}  // namespace ringcache::common
