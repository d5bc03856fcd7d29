// Every text command through ringcache-proxy, byte for byte as memcached 1.6 answers it (the
// expected bytes were taken from Debian's memcached), with keys spread over three nodes.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/proxy_traffic.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using ProxyTextTest = ProxyTest;

// The cas unique of `key` from a gets reply, or "" when absent.
std::string cas_of(TestClient& c, const std::string& key) {
  const std::string reply = c.request("gets " + key + "\r\n", "END\r\n");
  const std::string line = reply.substr(0, reply.find("\r\n"));
  if (line.rfind("VALUE " + key + " ", 0) != 0) return "";
  return line.substr(line.rfind(' ') + 1);
}

TEST_F(ProxyTextTest, StorageCommands) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 5 0 2\r\nhi\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get a\r\n", "VALUE a 5 2\r\nhi\r\nEND\r\n");
  EXPECT_REPLY(c, "add a 0 0 1\r\nx\r\n", "NOT_STORED\r\n");
  EXPECT_REPLY(c, "add fresh 3 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "replace a 0 0 1\r\ny\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "replace absent 0 0 1\r\ny\r\n", "NOT_STORED\r\n");
  EXPECT_REPLY(c, "append a 0 0 1\r\nz\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "prepend a 0 0 1\r\nw\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "append absent 0 0 1\r\nz\r\n", "NOT_STORED\r\n");
  EXPECT_REPLY(c, "get a fresh\r\n", "VALUE a 0 3\r\nwyz\r\nVALUE fresh 3 1\r\nx\r\nEND\r\n");
  // Data blocks are opaque: \r\n and \0 inside them, and the largest flags value.
  const std::string binary("a\r\n\0bc\r\nEND\r\n", 13);
  EXPECT_REPLY(c, set_cmd("bin", binary, 0), "STORED\r\n");
  EXPECT_REPLY(c, "get bin\r\n", "VALUE bin 0 13\r\n" + binary + "\r\nEND\r\n");
  EXPECT_REPLY(c, "set f 4294967295 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get f\r\n", "VALUE f 4294967295 1\r\nx\r\nEND\r\n");
  // A value of half a megabyte crosses the proxy in many reads and writes.
  std::string big(512 * 1024, 'v');
  for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = static_cast<char>('a' + i % 26);
  EXPECT_REPLY(c, set_cmd("big", big, 0), "STORED\r\n");
  EXPECT_TRUE(c.call("get big\r\n", "VALUE big 0 524288\r\n" + big + "\r\nEND\r\n") ==
              "VALUE big 0 524288\r\n" + big + "\r\nEND\r\n");
}

TEST_F(ProxyTextTest, CasAndTouchingGets) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\n1\r\n", "STORED\r\n");
  const std::string cas = cas_of(c, "a");
  ASSERT_FALSE(cas.empty());
  EXPECT_REPLY(c, "gets a\r\n", "VALUE a 0 1 " + cas + "\r\n1\r\nEND\r\n");
  EXPECT_REPLY(c, "cas a 0 0 1 " + cas + "\r\n2\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "cas a 0 0 1 " + cas + "\r\n3\r\n", "EXISTS\r\n");
  EXPECT_REPLY(c, "cas absent 0 0 1 1\r\nq\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "gat 100 a absent\r\n", "VALUE a 0 1\r\n2\r\nEND\r\n");
  const std::string cas2 = cas_of(c, "a");
  EXPECT_REPLY(c, "gats 100 absent a\r\n", "VALUE a 0 1 " + cas2 + "\r\n2\r\nEND\r\n");
  EXPECT_REPLY(c, "get absent\r\n", "END\r\n");
  EXPECT_REPLY(c, "gat 10\r\n", "END\r\n");
}

TEST_F(ProxyTextTest, ArithmeticTouchDelete) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set n 0 0 2\r\n10\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "incr n 5\r\n", "15\r\n");
  EXPECT_REPLY(c, "decr n 100\r\n", "0\r\n");
  EXPECT_REPLY(c, "incr absent 1\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "set s 0 0 2\r\nab\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "incr s 1\r\n",
               "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
  EXPECT_REPLY(c, "touch n 100\r\n", "TOUCHED\r\n");
  EXPECT_REPLY(c, "touch absent 1\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "gat 100 n\r\n", "VALUE n 0 2\r\n0 \r\nEND\r\n");
  EXPECT_REPLY(c, "delete n\r\n", "DELETED\r\n");
  EXPECT_REPLY(c, "delete n\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "delete n 0\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "delete n 5\r\n",
               "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n");
}

TEST_F(ProxyTextTest, NoreplySendsNothing) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set b 0 0 1\r\n2\r\nset n 0 0 1\r\n5\r\n", "STORED\r\nSTORED\r\n");
  EXPECT_REPLY(c,
               "set a 0 0 1 noreply\r\nq\r\nadd a 0 0 1 noreply\r\nx\r\n"
               "replace a 0 0 1 noreply\r\ny\r\nappend a 0 0 1 noreply\r\nz\r\n"
               "prepend a 0 0 1 noreply\r\nw\r\nincr n 2 noreply\r\ndecr n 1 noreply\r\n"
               "incr absent 1 noreply\r\ndelete b noreply\r\ntouch a 10 noreply\r\n"
               "get a b n\r\n",
               "VALUE a 0 3\r\nwyz\r\nVALUE n 0 1\r\n6\r\nEND\r\n");
  const std::string cas = cas_of(c, "a");
  EXPECT_REPLY(c, "cas a 0 0 1 " + cas + " noreply\r\nc\r\nget a\r\n",
               "VALUE a 0 1\r\nc\r\nEND\r\n");
}

TEST_F(ProxyTextTest, ErrorsKeepTheConnectionOpen) {
  TestClient c = connect();
  EXPECT_REPLY(c, "foo\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "GET a\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "get\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "incr\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "set x\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "get " + std::string(251, 'k') + "\r\n",
               "CLIENT_ERROR bad command line format\r\n");
  EXPECT_REPLY(c, "set b 0 0 1\r\nab\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n");
  EXPECT_REPLY(c, "set big 0 0 2000000\r\n" + std::string(2'000'000, 'x') + "\r\n",
               "SERVER_ERROR object too large for cache\r\n");
  EXPECT_REPLY(c, "get big\r\n", "END\r\n");
  EXPECT_REPLY(c, "set ok 0 0 1\r\n1\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get ok\r\n", "VALUE ok 0 1\r\n1\r\nEND\r\n");
}

TEST_F(ProxyTextTest, MultiGetSpansNodesInKeyOrder) {
  const std::vector<std::string> keys = numbered_keys("multi:", 30);
  ASSERT_EQ(cluster().set_all(keys, "v-"), std::vector<std::string>{});
  // The keys really are spread: every node holds some of them, each key exactly one node.
  std::vector<int> per_node(cluster().node_count());
  for (const auto& [key, owner] : cluster().owners(keys, "v-")) {
    ASSERT_GE(owner, 0) << key << " is on " << (owner == -1 ? "no node" : "several nodes");
    ++per_node[static_cast<std::size_t>(owner)];
  }
  for (std::size_t i = 0; i < per_node.size(); ++i) EXPECT_GT(per_node[i], 0) << "node " << i;

  // Reverse order, with misses and a repeated key in between: replies follow the request.
  std::string request = "get";
  std::string expected;
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
    request += " " + *it + " absent:" + *it;
    expected += "VALUE " + *it + " 0 " + std::to_string(2 + it->size()) + "\r\nv-" + *it + "\r\n";
  }
  request += " " + keys[3];
  expected += "VALUE " + keys[3] + " 0 9\r\nv-" + keys[3] + "\r\n";
  TestClient c = connect();
  EXPECT_REPLY(c, request + "\r\n", expected + "END\r\n");
  // gets/gat/gats split and merge the same way.
  const std::string reply =
      c.request("gets " + keys[0] + " " + keys[1] + " " + keys[2] + "\r\n", "END\r\n");
  const std::vector<Value> values = parse_values(reply);
  ASSERT_EQ(values.size(), 3u) << escape(reply);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(values[i].key, keys[i]);
  EXPECT_REPLY(c, "gat 0 " + keys[2] + " " + keys[1] + "\r\n",
               "VALUE " + keys[2] + " 0 9\r\nv-" + keys[2] + "\r\nVALUE " + keys[1] + " 0 9\r\nv-" +
                   keys[1] + "\r\nEND\r\n");
}

TEST_F(ProxyTextTest, VersionStatsQuit) {
  TestClient c = connect();
  const std::string version = c.request("version\r\n");
  EXPECT_EQ(version.rfind("VERSION ", 0), 0u) << escape(version);
  EXPECT_TRUE(version.ends_with("\r\n") && version.size() > 10) << escape(version);
  TestClient admin = connect(cluster().admin_port());
  const std::string stats = admin.request("stats\r\n", "END\r\n");
  EXPECT_EQ(stats.rfind("STAT ", 0), 0u) << escape(stats);
  EXPECT_TRUE(stats.ends_with("\r\nEND\r\n")) << escape(stats);
  EXPECT_TRUE(c.send("quit\r\n"));
  EXPECT_TRUE(c.wait_closed()) << "quit must close the connection";
}

}  // namespace
}  // namespace ringcache::integration
