#include "common/config/cluster_config.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ringcache::common {
namespace {

constexpr const char* kPools = R"("pools": [{"nodes": ["127.0.0.1:11211"]}])";
constexpr const char* kListeners = R"("listeners": [{"port": 11311}])";

// A document with the given top-level members.
std::string doc(const std::string& pools = kPools, const std::string& listeners = kListeners,
                const std::string& extra = "") {
  std::string out = "{" + pools;
  if (!listeners.empty()) out += "," + listeners;
  if (!extra.empty()) out += "," + extra;
  return out + "}";
}

std::string pool_with_nodes(const std::string& nodes, const std::string& extra = "") {
  return R"("pools": [{"nodes": [)" + nodes + "]" + (extra.empty() ? "" : "," + extra) + "}]";
}

std::vector<std::string> errors_of(const std::string& json) {
  std::vector<std::string> out;
  for (const ConfigError& e : parse_cluster_config(json).errors) out.push_back(e.to_string());
  return out;
}

using Errors = std::vector<std::string>;

TEST(ClusterConfigTest, MinimalDocumentGetsDefaults) {
  const ConfigParseResult r = parse_cluster_config(doc());
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  const ClusterConfig& c = r.config;
  ASSERT_EQ(c.listeners.size(), 1u);
  EXPECT_EQ(c.listeners[0].address, "127.0.0.1");
  EXPECT_EQ(c.listeners[0].port, 11311);
  EXPECT_EQ(c.listeners[0].role, Role::kReadWrite);
  EXPECT_EQ(c.listeners[0].pool, "default");
  ASSERT_EQ(c.pools.size(), 1u);
  EXPECT_EQ(c.pools[0].name, "default");
  EXPECT_EQ(c.pools[0].hash, HashMode::kKetama);
  ASSERT_EQ(c.pools[0].nodes.size(), 1u);
  EXPECT_EQ(c.pools[0].nodes[0], (RingNode{"127.0.0.1", 11211, 1, ""}));
  EXPECT_EQ(c.timeouts.connect_ms, 1000u);
  EXPECT_EQ(c.timeouts.reply_ms, 1000u);
  EXPECT_EQ(c.failure_detection.consecutive_timeouts, 3u);
  EXPECT_EQ(c.failure_detection.probe_backoff_min_ms, 100u);
  EXPECT_EQ(c.failure_detection.probe_backoff_max_ms, 10000u);
  EXPECT_DOUBLE_EQ(c.failure_detection.max_down_share, 0.5);
  EXPECT_EQ(c.write_failover_reply, WriteFailoverReply::kNotStored);
}

TEST(ClusterConfigTest, FullDocumentSetsEveryField) {
  const ConfigParseResult r = parse_cluster_config(R"({
    "listeners": [{"address": "0.0.0.0", "port": 11311, "role": "read-only", "pool": "b"},
                  {"address": "::1", "port": 11312, "role": "admin", "pool": "a"}],
    "pools": [{"name": "a", "hash": "jump", "nodes": ["10.0.0.1:11211", "[::1]:11212"]},
              {"name": "b", "hash": "ketama",
               "nodes": [{"address": "10.0.0.2:11211", "weight": 3, "name": "shard-b"},
                         {"address": "10.0.0.3:11211"}]}],
    "timeouts": {"connect_ms": 250, "reply_ms": 750},
    "failure_detection": {"consecutive_timeouts": 5, "probe_backoff_min_ms": 50,
                          "probe_backoff_max_ms": 50, "max_down_share": 1},
    "write_failover_reply": "SERVER_ERROR"})");
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  const ClusterConfig& c = r.config;
  EXPECT_EQ(c.listeners[0].role, Role::kReadOnly);
  EXPECT_EQ(c.listeners[0].pool, "b");
  EXPECT_EQ(c.listeners[1].address, "::1");
  EXPECT_EQ(c.listeners[1].role, Role::kAdmin);
  EXPECT_EQ(c.pools[0].hash, HashMode::kJump);
  EXPECT_EQ(c.pools[0].nodes[1], (RingNode{"::1", 11212, 1, ""}));
  EXPECT_EQ(c.pools[1].nodes[0], (RingNode{"10.0.0.2", 11211, 3, "shard-b"}));
  EXPECT_EQ(c.pools[1].nodes[1], (RingNode{"10.0.0.3", 11211, 1, ""}));
  EXPECT_EQ(c.find_pool("b"), &c.pools[1]);
  EXPECT_EQ(c.find_pool("c"), nullptr);
  EXPECT_EQ(c.timeouts.connect_ms, 250u);
  EXPECT_EQ(c.timeouts.reply_ms, 750u);
  EXPECT_EQ(c.failure_detection.consecutive_timeouts, 5u);
  EXPECT_EQ(c.failure_detection.probe_backoff_min_ms, 50u);
  EXPECT_EQ(c.failure_detection.probe_backoff_max_ms, 50u);
  EXPECT_DOUBLE_EQ(c.failure_detection.max_down_share, 1.0);
  EXPECT_EQ(c.write_failover_reply, WriteFailoverReply::kServerError);
  // The parsed nodes build a ring directly.
  const HashRing ring(c.pools[1].nodes, c.pools[1].hash);
  EXPECT_EQ(ring.points_of(0), 240u);
}

TEST(ClusterConfigTest, DocumentErrors) {
  const auto bad_json = errors_of("{\"pools\": [");
  ASSERT_EQ(bad_json.size(), 1u);
  EXPECT_EQ(bad_json[0].rfind("invalid JSON: parse error at line 1, column 12", 0), 0u)
      << bad_json[0];
  EXPECT_EQ(errors_of("[]"), Errors{"expected an object"});
  EXPECT_EQ(errors_of("{}"), (Errors{"pools: required", "listeners: required"}));
  EXPECT_EQ(errors_of(doc(kPools, kListeners, R"("frobnicate": 1)")),
            Errors{"frobnicate: unknown key"});
  EXPECT_EQ(errors_of(doc(kPools, kListeners, R"("write_failover_reply": "NOPE")")),
            Errors{R"(write_failover_reply: expected one of "NOT_STORED" "SERVER_ERROR")"});
}

TEST(ClusterConfigTest, PoolErrors) {
  EXPECT_EQ(errors_of(doc(R"("pools": [])")), Errors{"pools: expected a non-empty array"});
  EXPECT_EQ(errors_of(doc(R"("pools": {})")), Errors{"pools: expected a non-empty array"});
  EXPECT_EQ(errors_of(doc(R"("pools": [3])")), Errors{"pools[0]: expected an object"});
  EXPECT_EQ(errors_of(doc(R"("pools": [{"nodez": []}])")),
            (Errors{"pools[0].nodez: unknown key", "pools[0].nodes: required"}));
  EXPECT_EQ(errors_of(doc(R"("pools": [{"nodes": []}])")),
            Errors{"pools[0].nodes: expected a non-empty array"});
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"("a:1")", R"("hash": "crc32")"))),
            Errors{R"(pools[0].hash: expected one of "ketama" "jump")"});
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"("a:1")", R"("name": "")"))),
            Errors{"pools[0].name: expected a non-empty string"});
  EXPECT_EQ(errors_of(doc(R"("pools": [{"name": "x", "nodes": ["a:1"]},
                                       {"name": "x", "nodes": ["b:1"]}])",
                          R"("listeners": [{"port": 1, "pool": "x"}])")),
            Errors{R"(pools[1].name: duplicate pool name "x" (also pools[0]))"});
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"({"address": "a:1", "weight": 1000000},
                                             {"address": "b:1", "weight": 1000000})",
                                          R"("hash": "jump")"))),
            Errors{R"(pools[0].nodes: total weight above 1048576 with hash "jump")"});
}

TEST(ClusterConfigTest, NodeErrors) {
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"("a:1", "b:2", "c")"))),
            Errors{R"(pools[0].nodes[2]: expected "host:port")"});
  for (const char* bad : {R"("a:0")", R"("a:65536")", R"("a b:1")", R"("")"}) {
    EXPECT_EQ(errors_of(doc(pool_with_nodes(bad))),
              Errors{R"(pools[0].nodes[0]: expected "host:port")"})
        << bad;
  }
  EXPECT_EQ(errors_of(doc(pool_with_nodes("11211"))),
            Errors{R"(pools[0].nodes[0]: expected "host:port" or an object)"});
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"({"weight": 2})"))),
            Errors{"pools[0].nodes[0].address: required"});
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"({"address": 5})"))),
            Errors{R"(pools[0].nodes[0].address: expected "host:port")"});
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"({"address": "a:1", "wieght": 2})"))),
            Errors{"pools[0].nodes[0].wieght: unknown key"});
  for (const char* weight : {"0", "-1", "1.5", R"("2")", "1000001", "true"}) {
    EXPECT_EQ(errors_of(doc(
                  pool_with_nodes(std::string(R"({"address": "a:1", "weight": )") + weight + "}"))),
              Errors{"pools[0].nodes[0].weight: expected an integer in 1..1000000"})
        << weight;
  }
  const std::string long_name(65, 'n');
  for (const std::string& name :
       std::vector<std::string>{R"("")", R"("two words")", "7", "\"" + long_name + "\""}) {
    EXPECT_EQ(errors_of(doc(pool_with_nodes(R"({"address": "a:1", "name": )" + name + "}"))),
              Errors{"pools[0].nodes[0].name: expected 1..64 printable characters without spaces"})
        << name;
  }
}

TEST(ClusterConfigTest, DuplicateNodes) {
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"("a:1", "b:1", {"address": "a:1", "name": "z"})"))),
            Errors{"pools[0].nodes[2]: duplicate node a:1 (also pools[0].nodes[0])"});
  // A name equal to another node's hashed address would share its ketama points.
  const std::string same_points =
      R"("10.0.0.2:11211", {"address": "10.0.0.1:1", "name": "10.0.0.2"})";
  EXPECT_EQ(errors_of(doc(pool_with_nodes(same_points))),
            Errors{R"(pools[0].nodes[1]: hashes as "10.0.0.2" like pools[0].nodes[0])"});
  EXPECT_EQ(errors_of(doc(pool_with_nodes(same_points, R"("hash": "jump")"))), Errors{});
  EXPECT_EQ(errors_of(doc(pool_with_nodes(R"({"address": "a:1", "name": "n"},
                                             {"address": "b:1", "name": "n"})"))),
            Errors{R"(pools[0].nodes[1]: hashes as "n" like pools[0].nodes[0])"});
}

TEST(ClusterConfigTest, ListenerErrors) {
  auto listener_errors = [](const std::string& listeners) {
    return errors_of(doc(kPools, R"("listeners": )" + listeners));
  };
  EXPECT_EQ(listener_errors("[]"), Errors{"listeners: expected a non-empty array"});
  EXPECT_EQ(listener_errors("[1]"), Errors{"listeners[0]: expected an object"});
  EXPECT_EQ(listener_errors(R"([{"address": "127.0.0.1"}])"),
            Errors{"listeners[0].port: required"});
  EXPECT_EQ(listener_errors(R"([{"port": 0}])"),
            Errors{"listeners[0].port: expected an integer in 1..65535"});
  EXPECT_EQ(listener_errors(R"([{"port": 70000}])"),
            Errors{"listeners[0].port: expected an integer in 1..65535"});
  EXPECT_EQ(listener_errors(R"([{"port": 1, "adress": "x"}])"),
            Errors{"listeners[0].adress: unknown key"});
  EXPECT_EQ(listener_errors(R"([{"port": 1, "address": "not an address"}])"),
            Errors{"listeners[0].address: expected a host name or IP address"});
  EXPECT_EQ(listener_errors(R"([{"port": 1, "role": "root"}])"),
            Errors{R"(listeners[0].role: expected one of "read-only" "read-write" "admin")"});
  EXPECT_EQ(listener_errors(R"([{"port": 1, "pool": "other"}])"),
            Errors{R"(listeners[0].pool: no pool named "other")"});
  EXPECT_EQ(listener_errors(R"([{"port": 1}, {"port": 2}, {"port": 1}])"),
            Errors{"listeners[2]: duplicate listener 127.0.0.1:1 (also listeners[0])"});
  EXPECT_EQ(errors_of(doc(R"("pools": [{"name": "a", "nodes": ["a:1"]},
                                       {"name": "b", "nodes": ["b:1"]}])")),
            Errors{"listeners[0].pool: required when there are several pools"});
}

TEST(ClusterConfigTest, TimeoutAndFailureDetectionErrors) {
  auto extra_errors = [](const std::string& extra) {
    return errors_of(doc(kPools, kListeners, extra));
  };
  EXPECT_EQ(extra_errors(R"("timeouts": 5)"), Errors{"timeouts: expected an object"});
  EXPECT_EQ(extra_errors(R"("timeouts": {"read_ms": 5})"), Errors{"timeouts.read_ms: unknown key"});
  EXPECT_EQ(extra_errors(R"("timeouts": {"connect_ms": 0})"),
            Errors{"timeouts.connect_ms: expected an integer in 1..600000"});
  EXPECT_EQ(extra_errors(R"("timeouts": {"reply_ms": 600001})"),
            Errors{"timeouts.reply_ms: expected an integer in 1..600000"});
  EXPECT_EQ(extra_errors(R"("failure_detection": [])"),
            Errors{"failure_detection: expected an object"});
  EXPECT_EQ(extra_errors(R"("failure_detection": {"consecutive_timeouts": 0})"),
            Errors{"failure_detection.consecutive_timeouts: expected an integer in 1..1000"});
  EXPECT_EQ(extra_errors(R"("failure_detection": {"probe_backoff_min_ms": 0})"),
            Errors{"failure_detection.probe_backoff_min_ms: expected an integer in 1..3600000"});
  EXPECT_EQ(extra_errors(R"("failure_detection": {"probe_backoff_min_ms": 20000})"),
            Errors{"failure_detection.probe_backoff_max_ms: must be >= probe_backoff_min_ms"});
  for (const char* share : {"1.5", "-0.1", R"("half")"}) {
    EXPECT_EQ(
        extra_errors(std::string(R"("failure_detection": {"max_down_share": )") + share + "}"),
        Errors{"failure_detection.max_down_share: expected a number in 0..1"})
        << share;
  }
  EXPECT_EQ(extra_errors(R"("failure_detection": {"max_down": 1})"),
            Errors{"failure_detection.max_down: unknown key"});
}

TEST(ClusterConfigTest, ReportsEveryErrorInOnePass) {
  const auto errors = errors_of(R"({
    "pools": [{"nodes": ["a:1", "bad", {"address": "c:1", "weight": 0}]}],
    "listeners": [{"port": 0, "role": "x"}],
    "timeouts": {"connect_ms": -5},
    "extra": true})");
  EXPECT_EQ(errors,
            (Errors{"extra: unknown key", R"(pools[0].nodes[1]: expected "host:port")",
                    "pools[0].nodes[2].weight: expected an integer in 1..1000000",
                    "listeners[0].port: expected an integer in 1..65535",
                    R"(listeners[0].role: expected one of "read-only" "read-write" "admin")",
                    "timeouts.connect_ms: expected an integer in 1..600000"}));
}

TEST(ClusterConfigTest, EnumNames) {
  EXPECT_EQ(to_string(Role::kReadOnly), "read-only");
  EXPECT_EQ(to_string(Role::kAdmin), "admin");
  EXPECT_EQ(to_string(WriteFailoverReply::kServerError), "SERVER_ERROR");
}

}  // namespace
}  // namespace ringcache::common
