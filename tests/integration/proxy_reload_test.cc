// Live reconfiguration of ringcache-proxy (DESIGN.md §4): nodes added and removed under
// continuous traffic without a client-visible error, consistent-hash placement checked on the
// nodes themselves, invalid files rejected while the last good configuration keeps serving.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/proxy_traffic.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using std::chrono::milliseconds;
constexpr milliseconds kReloadLimit{5000};
constexpr std::size_t kPlacedKeys = 2000;

// Generous timeouts: these tests count every failover reply as an error, and a node of a
// busy test machine may take longer than the failure tests' 200 ms to answer.
class ProxyReloadTest : public ProxyTest {
 protected:
  ProxyTimings timings() const override {
    return {.connect_ms = 2000, .reply_ms = 2000, .consecutive_timeouts = 2,
            .probe_backoff_min_ms = 20, .probe_backoff_max_ms = 200};
  }
};

class ProxyReload4Test : public ProxyReloadTest {
 protected:
  std::size_t initial_nodes() const override { return 4; }
};

// True once keys set through the proxy land on node i (`on`) or no longer do (`!on`).
bool placement_reaches(const ProxyCluster& cluster, std::size_t i, bool on) {
  static int round = 0;
  return eventually(kReloadLimit, [&] {
    const std::string prefix = "r" + std::to_string(++round) + "-";
    const std::vector<std::string> probes = numbered_keys("probe:", 40);
    if (!cluster.set_all(probes, prefix).empty()) return false;
    bool any = false;
    for (const auto& [key, value] : cluster.node_values(i, probes)) any |= value == prefix + key;
    return any == on;
  });
}

Traffic start_traffic(const ProxyCluster& cluster) {
  return Traffic({.port = cluster.port(), .connections = 3, .keys = numbered_keys("live:", 300)});
}

// Waits until the traffic has made progress (so it really runs across the reload).
void wait_progress(const Traffic& traffic, uint64_t requests) {
  const uint64_t target = traffic.completed() + requests;
  EXPECT_TRUE(eventually(milliseconds(10'000), [&] { return traffic.completed() >= target; }))
      << "traffic stalled: " << traffic.error_report();
}

TEST_F(ProxyReloadTest, AddingANodeMovesAboutAQuarterOfTheKeysOnlyToIt) {
  const std::vector<std::string> keys = numbered_keys("place:", kPlacedKeys);
  ASSERT_EQ(cluster().set_all(keys, "a-"), std::vector<std::string>{});
  const std::map<std::string, int> before = cluster().owners(keys, "a-");
  const std::size_t added = cluster().add_node();
  ASSERT_EQ(cluster().error(), "");
  Traffic traffic = start_traffic(cluster());
  wait_progress(traffic, 300);
  cluster().replace_config(cluster().config_json({0, 1, 2, added}));
  ASSERT_TRUE(placement_reaches(cluster(), added, true)) << "the new node gets no keys";
  wait_progress(traffic, 300);
  traffic.stop();
  EXPECT_EQ(traffic.error_count(), 0u) << traffic.error_report();

  ASSERT_EQ(cluster().set_all(keys, "b-"), std::vector<std::string>{});
  std::size_t moved = 0;
  for (const auto& [key, owner] : cluster().owners(keys, "b-")) {
    ASSERT_GE(before.at(key), 0) << key;
    if (owner == before.at(key)) continue;
    ++moved;
    EXPECT_EQ(owner, static_cast<int>(added))
        << key << " moved from node " << before.at(key) << " to node " << owner;
  }
  const double share = static_cast<double>(moved) / kPlacedKeys;
  RecordProperty("moved_share_permille", static_cast<int>(share * 1000));
  EXPECT_GT(share, 0.15) << moved << " of " << kPlacedKeys << " keys moved; 1/4 expected";
  EXPECT_LT(share, 0.35) << moved << " of " << kPlacedKeys << " keys moved; 1/4 expected";
}

TEST_F(ProxyReload4Test, RemovingANodeMovesOnlyItsKeys) {
  const std::vector<std::string> keys = numbered_keys("place:", kPlacedKeys);
  ASSERT_EQ(cluster().set_all(keys, "a-"), std::vector<std::string>{});
  const std::map<std::string, int> before = cluster().owners(keys, "a-");
  Traffic traffic = start_traffic(cluster());
  wait_progress(traffic, 300);
  cluster().replace_config(cluster().config_json({0, 1, 3}));
  ASSERT_TRUE(placement_reaches(cluster(), 2, false)) << "node 2 still gets keys";
  wait_progress(traffic, 300);
  traffic.stop();
  EXPECT_EQ(traffic.error_count(), 0u) << traffic.error_report();

  ASSERT_EQ(cluster().set_all(keys, "b-"), std::vector<std::string>{});
  std::size_t from_removed = 0;
  for (const auto& [key, owner] : cluster().owners(keys, "b-")) {
    const int was = before.at(key);
    EXPECT_GE(owner, 0) << key;
    EXPECT_NE(owner, 2) << key << " is still placed on the removed node";
    if (was == 2) {
      ++from_removed;
    } else {
      EXPECT_EQ(owner, was) << key << " moved between two nodes that both stay";
    }
  }
  EXPECT_GT(from_removed, kPlacedKeys / 10) << "node 2 owned too few keys to test";
}

// The configuration generation the proxy routes with (from `stats` on the admin listener).
long long config_generation(ProxyCluster& cluster) {
  TestClient admin(cluster.admin_port());
  return stat_int(stats(admin), "proxy_config_generation");
}

TEST_F(ProxyReloadTest, NodesJoinAndLeaveUnderTrafficWithoutAClientVisibleError) {
  const std::size_t added = cluster().add_node();
  ASSERT_EQ(cluster().error(), "");
  Traffic traffic({.port = cluster().port(), .connections = 8, .keys = numbered_keys("churn:", 200)});
  wait_progress(traffic, 300);
  const std::vector<std::vector<std::size_t>> steps = {
      {0, 1, 2, added}, {0, 2, added}, {0, 1, 2}, {1, 2, added}, {0, 1, 2, added}, {0, 1, 2}};
  long long generation = config_generation(cluster());
  for (const std::vector<std::size_t>& nodes : steps) {
    cluster().replace_config(cluster().config_json(nodes));
    ++generation;
    ASSERT_TRUE(eventually(kReloadLimit, [&] { return config_generation(cluster()) >= generation; }))
        << "the new file was not applied\n" << cluster().proxy().output();
    wait_progress(traffic, 300);
  }
  traffic.stop();
  RecordProperty("requests", static_cast<int>(traffic.completed()));
  EXPECT_EQ(traffic.error_count(), 0u) << traffic.error_report();
}

TEST_F(ProxyReloadTest, InvalidConfigIsRejectedAndTheLastGoodOneKeepsServing) {
  const std::vector<std::string> keys = numbered_keys("keep:", 300);
  ASSERT_EQ(cluster().set_all(keys, "a-"), std::vector<std::string>{});
  const std::map<std::string, int> before = cluster().owners(keys, "a-");
  const std::size_t added = cluster().add_node();
  Traffic traffic = start_traffic(cluster());
  wait_progress(traffic, 200);

  // Valid JSON naming the new node, but with a bad address: the whole file is rejected.
  std::string bad = cluster().config_json({0, 1, 2, added});
  bad.replace(bad.find("\"127.0.0.1:" + std::to_string(cluster().node_port(added)) + "\""), 0,
              "\"no-port-here\", ");
  cluster().replace_config(bad);
  ASSERT_EQ(::kill(cluster().proxy().pid(), SIGHUP), 0);
  EXPECT_TRUE(eventually(
      kReloadLimit,
      [&] { return cluster().proxy().output().find("pools[0].nodes[3]") != std::string::npos; }))
      << "the rejection must name the JSON path; output:\n"
      << cluster().proxy().output();
  cluster().rewrite_config("{\"listeners\": [");  // truncated JSON
  ASSERT_EQ(::kill(cluster().proxy().pid(), SIGHUP), 0);
  wait_progress(traffic, 300);
  ASSERT_TRUE(cluster().proxy().alive()) << cluster().proxy().output();

  ASSERT_EQ(cluster().set_all(keys, "b-"), std::vector<std::string>{});
  EXPECT_EQ(cluster().owners(keys, "b-"), before) << "placement changed after a rejected file";
  EXPECT_EQ(cluster().node_values(added, keys).size(), 0u);

  // A good file afterwards still applies.
  cluster().replace_config(cluster().config_json({0, 1, 2, added}));
  EXPECT_TRUE(placement_reaches(cluster(), added, true)) << "a good file after bad ones";
  traffic.stop();
  EXPECT_EQ(traffic.error_count(), 0u) << traffic.error_report();
}

TEST_F(ProxyReloadTest, SighupReloadsAndKeepsConnectionsToUnchangedNodes) {
  // Keys of node 0; adding a node moves about a quarter of them, so most stay on node 0.
  const std::vector<std::string> keys = cluster().keys_on(0, 8, "conn:");
  ASSERT_EQ(keys.size(), 8u);
  std::string get = "get";
  for (const auto& k : keys) get += " " + k;
  // Reach node 0 from many client connections so that every worker has its backend.
  const auto warm_up = [&] {
    for (int i = 0; i < 16; ++i) {
      TestClient c = connect();
      const std::string reply = c.request(get + "\r\n", "END\r\n");
      EXPECT_TRUE(reply.starts_with("VALUE ") && reply.ends_with("END\r\n")) << escape(reply);
    }
  };
  const auto node_connections = [&] {
    TestClient n = cluster().connect_node(0);
    return stat_int(stats(n), "total_connections");
  };
  warm_up();
  node_connections();
  warm_up();
  const long long steady = node_connections();

  ASSERT_EQ(::kill(cluster().proxy().pid(), SIGHUP), 0);  // unchanged file
  const std::size_t added = cluster().add_node();
  cluster().rewrite_config(cluster().config_json({0, 1, 2, added}));
  ASSERT_EQ(::kill(cluster().proxy().pid(), SIGHUP), 0);
  ASSERT_TRUE(placement_reaches(cluster(), added, true)) << "SIGHUP did not apply the file";
  ASSERT_TRUE(cluster().proxy().alive()) << cluster().proxy().output();
  warm_up();
  EXPECT_EQ(node_connections(), steady + 1)
      << "the proxy reconnected to a node that stayed in the configuration";
}

}  // namespace
}  // namespace ringcache::integration
