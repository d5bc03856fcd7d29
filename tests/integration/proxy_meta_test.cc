// Meta commands and listener roles through ringcache-proxy (bytes as memcached 1.6 sends them).
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/proxy_traffic.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using ProxyMetaTest = ProxyTest;
using ProxyRoleTest = ProxyTest;

constexpr const char* kDenied = "CLIENT_ERROR access denied\r\n";

TEST_F(ProxyMetaTest, GetSetDelete) {
  TestClient c = connect();
  EXPECT_REPLY(c, "mn\r\n", "MN\r\n");
  EXPECT_REPLY(c, "ms m 2 T0 F7\r\nhi\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg m v f\r\n", "VA 2 f7\r\nhi\r\n");
  EXPECT_REPLY(c, "mg m k O55 v\r\n", "VA 2 km O55\r\nhi\r\n");
  EXPECT_REPLY(c, "mg m s v q k\r\n", "VA 2 s2 km\r\nhi\r\n");
  EXPECT_REPLY(c, "mg m t s f\r\n", "HD t-1 s2 f7\r\n");
  EXPECT_REPLY(c, "mg absent v\r\n", "EN\r\n");
  // q hides misses; mn marks the end of a batch.
  EXPECT_REPLY(c, "mg absent v q\r\nmg m v q\r\nmn\r\n", "VA 2\r\nhi\r\nMN\r\n");
  EXPECT_REPLY(c, "ms x 1 q\r\nx\r\nmn\r\n", "MN\r\n");
  EXPECT_REPLY(c, "mg x v\r\n", "VA 1\r\nx\r\n");
  EXPECT_REPLY(c, "md m\r\n", "HD\r\n");
  EXPECT_REPLY(c, "md m\r\n", "NF\r\n");
  EXPECT_REPLY(c, "md x q\r\nmn\r\n", "MN\r\n");
  EXPECT_REPLY(c, "mg m\r\n", "EN\r\n");
  // Base64 keys round-trip.
  EXPECT_REPLY(c, "ms bQ== 1 b\r\nx\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg bQ== b v k\r\n", "VA 1 kbQ== b\r\nx\r\n");
  EXPECT_REPLY(c, "ms m\r\n", "CLIENT_ERROR bad command line format\r\n");
  EXPECT_REPLY(c, "mg\r\n", "ERROR\r\n");
}

TEST_F(ProxyMetaTest, CasAndArithmetic) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ma c\r\n", "NF\r\n");
  EXPECT_REPLY(c, "ma c N0 J13\r\n", "HD\r\n");
  EXPECT_REPLY(c, "ma c v\r\n", "VA 2\r\n14\r\n");
  EXPECT_REPLY(c, "ma c MD D5 v\r\n", "VA 1\r\n9\r\n");
  EXPECT_REPLY(c, "ms k 1\r\na\r\n", "HD\r\n");
  const std::string reply = c.request("mg k c\r\n");
  ASSERT_EQ(reply.rfind("HD c", 0), 0u) << escape(reply);
  const std::string cas = reply.substr(4, reply.size() - 6);
  EXPECT_REPLY(c, "ms k 1 C" + cas + "\r\nb\r\n", "HD\r\n");
  EXPECT_REPLY(c, "ms k 1 C" + cas + "\r\nc\r\n", "EX\r\n");
  EXPECT_REPLY(c, "mg k v\r\n", "VA 1\r\nb\r\n");
  EXPECT_REPLY(c, "ms k 1 MA\r\nd\r\n", "HD\r\n");
  EXPECT_REPLY(c, "ms absent 1 MA\r\nd\r\n", "NS\r\n");
  EXPECT_REPLY(c, "mg k v\r\n", "VA 2\r\nbd\r\n");
}

TEST_F(ProxyMetaTest, MetaAndTextMixOnOneConnectionAcrossNodes) {
  const std::vector<std::string> keys = numbered_keys("mix:", 12);
  TestClient c = connect();
  std::string request;
  std::string expected;
  for (const auto& k : keys) {
    request += "ms " + k + " 2\r\nok\r\nmg " + k + " v\r\nget " + k + "\r\n";
    expected += "HD\r\nVA 2\r\nok\r\nVALUE " + k + " 0 2\r\nok\r\nEND\r\n";
  }
  EXPECT_REPLY(c, request + "mn\r\n", expected + "MN\r\n");
}

TEST_F(ProxyRoleTest, ReadOnlyListenerRefusesWritesAndKeepsTheConnection) {
  TestClient rw = connect();
  EXPECT_REPLY(rw, "set k 0 0 2\r\nhi\r\n", "STORED\r\n");
  TestClient ro = connect(cluster().read_only_port());
  EXPECT_REPLY(ro, "get k\r\n", "VALUE k 0 2\r\nhi\r\nEND\r\n");
  EXPECT_REPLY(ro, "mg k v\r\n", "VA 2\r\nhi\r\n");
  EXPECT_REPLY(ro, "mn\r\n", "MN\r\n");
  // A refused storage command still consumes its data block.
  EXPECT_REPLY(ro, "set k 0 0 2\r\nno\r\n", kDenied);
  EXPECT_REPLY(ro, "ms k 2\r\nno\r\n", kDenied);
  EXPECT_REPLY(ro, "delete k\r\n", kDenied);
  EXPECT_REPLY(ro, "md k\r\n", kDenied);
  EXPECT_REPLY(ro, "incr k 1\r\n", kDenied);
  EXPECT_REPLY(ro, "touch k 10\r\n", kDenied);
  EXPECT_REPLY(ro, "gat 10 k\r\n", kDenied);
  EXPECT_REPLY(ro, "mg k v N30\r\n", kDenied);  // N creates the item
  EXPECT_REPLY(ro, "mg k v T30\r\n", kDenied);  // T touches it
  EXPECT_REPLY(ro, "flush_all\r\n", kDenied);
  EXPECT_REPLY(ro, "get k\r\n", "VALUE k 0 2\r\nhi\r\nEND\r\n");
  const std::string version = ro.request("version\r\n");
  EXPECT_EQ(version.rfind("VERSION ", 0), 0u) << escape(version);
}

TEST_F(ProxyRoleTest, OnlyAdminsFlush) {
  const std::vector<std::string> keys = numbered_keys("flush:", 20);
  ASSERT_EQ(cluster().set_all(keys, "v"), std::vector<std::string>{});
  TestClient rw = connect();
  EXPECT_REPLY(rw, "flush_all\r\n", kDenied);
  EXPECT_REPLY(rw, "verbosity 1\r\n", kDenied);
  EXPECT_REPLY(rw, "get flush:0\r\n", "VALUE flush:0 0 8\r\nvflush:0\r\nEND\r\n");
  TestClient admin = connect(cluster().admin_port());
  EXPECT_REPLY(admin, "verbosity 1\r\n", "OK\r\n");
  EXPECT_REPLY(admin, "flush_all\r\n", "OK\r\n");
  // flush_all reaches every node.
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    EXPECT_EQ(cluster().node_values(i, keys).size(), 0u) << "node " << i;
  }
  EXPECT_REPLY(rw, "set a 0 0 1\r\n1\r\n", "STORED\r\n");
  EXPECT_REPLY(admin, "flush_all noreply\r\nmn\r\n", "MN\r\n");
  EXPECT_REPLY(rw, "get a\r\n", "END\r\n");
}

}  // namespace
}  // namespace ringcache::integration
