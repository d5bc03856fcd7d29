// `stats` and the commands without a key through ringcache-proxy in front of real nodes: the
// nodes' counters summed under memcached's names, the proxy's own process fields, a dead
// node counted and not summed, `stats reset` and flush_all reaching every node.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/proxy_traffic.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using std::chrono::milliseconds;
using ProxyStatsTest = ProxyTest;

long long node_stat(ProxyCluster& cluster, std::size_t i, const std::string& name) {
  TestClient n = cluster.connect_node(i);
  return stat_int(stats(n), name);
}

TEST_F(ProxyStatsTest, StatsSumTheNodesCountersAndShowTheProxysOwnProcess) {
  const std::vector<std::string> keys = numbered_keys("sum:", 60);
  ASSERT_EQ(cluster().set_all(keys, "v-"), std::vector<std::string>{});
  TestClient c = connect(cluster().admin_port());
  EXPECT_EQ(parse_values(c.request("get sum:1 sum:2 absent\r\n", "END\r\n")).size(), 2u);
  const auto s = stats(c);
  EXPECT_EQ(stat_int(s, "curr_items"), 60);
  EXPECT_EQ(stat_int(s, "total_items"), 60);
  EXPECT_EQ(stat_int(s, "cmd_set"), 60);
  EXPECT_EQ(stat_int(s, "cmd_get"), 3);
  EXPECT_EQ(stat_int(s, "get_hits"), 2);
  EXPECT_EQ(stat_int(s, "get_misses"), 1);
  long long bytes = 0;
  long long limit = 0;
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    bytes += node_stat(cluster(), i, "bytes");
    limit += node_stat(cluster(), i, "limit_maxbytes");
  }
  EXPECT_EQ(stat_int(s, "bytes"), bytes);
  EXPECT_EQ(stat_int(s, "limit_maxbytes"), limit);
  // The proxy's own: its pid and version, its client connections (this one).
  EXPECT_EQ(stat_int(s, "pid"), cluster().proxy().pid());
  EXPECT_TRUE(s.at("version").ends_with("-ringcache-proxy")) << s.at("version");
  EXPECT_TRUE(eventually(milliseconds(5000), [&] {
    return stat_int(stats(c), "curr_connections") == 1;  // set_all's has closed by then
  }));
  EXPECT_EQ(stat_int(s, "proxy_cmd_get"), 3);  // per key, as memcached counts
  EXPECT_EQ(stat_int(s, "proxy_get_hits"), 2);
  EXPECT_EQ(stat_int(s, "proxy_stats_nodes"), 3);
  EXPECT_EQ(stat_int(s, "proxy_stats_nodes_missing"), 0);
}

TEST_F(ProxyStatsTest, ADeadNodeAddsNothingAndIsCounted) {
  const std::vector<std::string> keys = numbered_keys("dead:", 60);
  ASSERT_EQ(cluster().set_all(keys, "v-"), std::vector<std::string>{});
  const long long on_node_1 = node_stat(cluster(), 1, "curr_items");
  ASSERT_GT(on_node_1, 0);
  ASSERT_EQ(::kill(cluster().node(1).pid(), SIGKILL), 0);
  ASSERT_TRUE(cluster().node(1).wait_exit(milliseconds(5000)).has_value());
  TestClient c = connect(cluster().admin_port());
  const auto s = stats(c);
  EXPECT_EQ(stat_int(s, "curr_items"), 60 - on_node_1);
  EXPECT_EQ(stat_int(s, "proxy_stats_nodes"), 3);
  EXPECT_EQ(stat_int(s, "proxy_stats_nodes_missing"), 1);
  // Once the node is marked down, `stats proxy` says so.
  const std::string address = "127.0.0.1:" + std::to_string(cluster().node_port(1));
  EXPECT_TRUE(eventually(milliseconds(5000), [&] {
    return stats(c, "proxy")["node:" + address + ":state"] == "down";
  })) << "stats proxy does not show the node down";
  const auto proxy = stats(c, "proxy");
  EXPECT_GT(stat_int(proxy, "node:" + address + ":failures") +
                stat_int(proxy, "node:" + address + ":fast_fails"),
            0);
  EXPECT_EQ(proxy.count("node:127.0.0.1:" + std::to_string(cluster().node_port(0)) + ":state"), 1u);
}

TEST_F(ProxyStatsTest, StatsResetAndFlushAllReachEveryNode) {
  const std::vector<std::string> keys = numbered_keys("flush:", 30);
  ASSERT_EQ(cluster().set_all(keys, "v-"), std::vector<std::string>{});
  TestClient c = connect(cluster().admin_port());
  EXPECT_REPLY(c, "stats reset\r\n", "RESET\r\n");
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    EXPECT_EQ(node_stat(cluster(), i, "cmd_set"), 0) << "node " << i;
  }
  EXPECT_EQ(stat_int(stats(c), "proxy_cmd_set"), 0);
  EXPECT_REPLY(c, "flush_all\r\n", "OK\r\n");
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    EXPECT_EQ(cluster().node_values(i, keys).size(), 0u) << "node " << i;
  }
  EXPECT_REPLY(c, "set a 0 0 1\r\n1\r\nflush_all noreply\r\nmn\r\n", "STORED\r\nMN\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
}

TEST_F(ProxyStatsTest, CommandsWithoutAKeyAreAnsweredAsMemcachedDoes) {
  TestClient c = connect(cluster().admin_port());
  EXPECT_REPLY(c, "verbosity 1\r\n", "OK\r\n");
  EXPECT_REPLY(c, "verbosity 1 noreply\r\nmn\r\n", "MN\r\n");
  EXPECT_REPLY(c, "stats items\r\n", "END\r\n");
  EXPECT_REPLY(c, "stats slabs\r\n", "END\r\n");
  EXPECT_REPLY(c, "stats nonsense\r\n", "ERROR\r\n");
  EXPECT_EQ(stat_int(stats(c, "settings"), "reply_timeout_ms"), cluster().timings().reply_ms);
  EXPECT_REPLY(c, "shutdown\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "set dbg 0 0 2\r\nhi\r\n", "STORED\r\n");
  const std::string me = c.request("me dbg\r\n");
  EXPECT_EQ(me.rfind("ME dbg ", 0), 0u) << escape(me);
  EXPECT_REPLY(c, "me absent\r\n", "EN\r\n");
}

}  // namespace
}  // namespace ringcache::integration
