// `stats` counters after a known sequence of commands, and `stats settings` with memcached's
// names, which memcached-tool, memcstat and exporters read.
#include <regex>

#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using StatsTest = ServerTest;
RINGCACHE_SERVER_SUITE(StatsTest);

std::string unique_of(TestClient& c, const std::string& key) {
  std::string reply = c.request("gets " + key + "\r\n", "END\r\n");
  std::smatch m;
  return std::regex_search(reply, m, std::regex("^VALUE \\S+ \\d+ \\d+ (\\d+)\r\n")) ? m[1].str()
                                                                                    : "";
}

void expect_stats(const std::map<std::string, std::string>& s,
                  std::initializer_list<std::pair<const char*, long long>> want) {
  for (const auto& [name, value] : want) EXPECT_EQ(stat_int(s, name), value) << "STAT " << name;
}

TEST_P(StatsTest, StorageCountersAfterKnownSequence) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\n1\r\nset b 0 0 1\r\nx\r\nadd a 0 0 1\r\nx\r\n",
               "STORED\r\nSTORED\r\nNOT_STORED\r\n");
  EXPECT_REPLY(c, "get a\r\nget zz\r\n", "VALUE a 0 1\r\n1\r\nEND\r\nEND\r\n");
  EXPECT_REPLY(c, "get a b c\r\n", "VALUE a 0 1\r\n1\r\nVALUE b 0 1\r\nx\r\nEND\r\n");
  std::string unique = unique_of(c, "b");
  ASSERT_FALSE(unique.empty());
  EXPECT_REPLY(c, "cas b 0 0 1 " + unique + "\r\ny\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "cas b 0 0 1 " + unique + "\r\nz\r\n", "EXISTS\r\n");
  EXPECT_REPLY(c, "cas q 0 0 1 1\r\nz\r\n", "NOT_FOUND\r\n");
  auto s = stats(c);
  // Every key of a multi-get counts; add and failed cas attempts count as sets.
  expect_stats(s, {{"cmd_get", 6}, {"get_hits", 4}, {"get_misses", 2}, {"cmd_set", 6},
                   {"cas_hits", 1}, {"cas_badval", 1}, {"cas_misses", 1}, {"curr_items", 2},
                   {"total_items", 3}});
}

TEST_P(StatsTest, DeleteIncrDecrTouchCounters) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\n1\r\nset b 0 0 1\r\nx\r\n", "STORED\r\nSTORED\r\n");
  EXPECT_REPLY(c, "delete b\r\ndelete b\r\n", "DELETED\r\nNOT_FOUND\r\n");
  EXPECT_REPLY(c, "incr a 1\r\nincr q 1\r\ndecr a 1\r\ndecr q 1\r\n",
               "2\r\nNOT_FOUND\r\n1\r\nNOT_FOUND\r\n");
  EXPECT_REPLY(c, "touch a 0\r\ntouch q 0\r\n", "TOUCHED\r\nNOT_FOUND\r\n");
  EXPECT_REPLY(c, "gat 0 a q\r\n", "VALUE a 0 1\r\n1\r\nEND\r\n");
  auto s = stats(c);
  // gat counts as a touch (hits and misses), not as a get.
  expect_stats(s, {{"delete_hits", 1}, {"delete_misses", 1}, {"incr_hits", 1},
                   {"incr_misses", 1}, {"decr_hits", 1}, {"decr_misses", 1}, {"cmd_touch", 4},
                   {"touch_hits", 2}, {"touch_misses", 2}, {"cmd_get", 0}, {"curr_items", 1}});
}

TEST_P(StatsTest, FlushAllCountsAndGetMisses) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\n1\r\nflush_all\r\nget a\r\n", "STORED\r\nOK\r\nEND\r\n");
  auto s = stats(c);
  expect_stats(s, {{"cmd_flush", 1}, {"get_misses", 1}, {"get_hits", 0}});
  EXPECT_LE(stat_int(s, "curr_items"), 1);  // flushed items may be reclaimed lazily
}

TEST_P(StatsTest, ConnectionCountersAndReset) {
  TestClient a = connect();
  TestClient b = connect();
  EXPECT_REPLY(b, "get x\r\n", "END\r\n");  // b is surely accepted by now
  auto s = stats(a);
  EXPECT_GE(stat_int(s, "curr_connections"), 2);
  EXPECT_GE(stat_int(s, "total_connections"), 2);
  EXPECT_EQ(stat_int(s, "max_connections"), 1024);
  EXPECT_REPLY(a, "stats reset\r\n", "RESET\r\n");
  s = stats(a);
  expect_stats(s, {{"cmd_get", 0}, {"get_misses", 0}});
  EXPECT_GT(stat_int(s, "bytes_read"), 0);  // counts the `stats` command itself
}

TEST_P(StatsTest, SettingsUseMemcachedNamesAndReflectFlags) {
  auto other = start_other({"-m", "32", "-c", "100", "-t", "2", "-I", "2m"});
  ASSERT_TRUE(other->started());
  TestClient c(other->port());
  auto s = stats(c, "settings");
  ASSERT_FALSE(s.empty());
  expect_stats(s, {{"maxbytes", 32ll << 20}, {"maxconns", 100}, {"tcpport", other->port()},
                   {"udpport", 0}, {"num_threads", 2}, {"item_size_max", 2 << 20},
                   {"verbosity", 0}, {"chunk_size", 48}});
  EXPECT_EQ(s["evictions"], "on");
  EXPECT_EQ(s["cas_enabled"], "yes");
  EXPECT_EQ(s["growth_factor"], "1.25");
  EXPECT_EQ(s["binding_protocol"], "auto-negotiate");
  EXPECT_EQ(s["inter"], "127.0.0.1");
  for (const char* name : {"oldest", "domain_socket", "umask", "shutdown_command",
                           "reqs_per_event", "tcp_backlog", "auth_enabled_sasl",
                           "flush_enabled", "hash_algorithm", "idle_timeout"}) {
    EXPECT_TRUE(s.count(name)) << "missing STAT " << name;
  }
  EXPECT_EQ(other->stop(), "");
}

TEST_P(StatsTest, SettingsShowDashMAndDashC) {
  auto other = start_other({"-M", "-C"});
  ASSERT_TRUE(other->started());
  TestClient c(other->port());
  auto s = stats(c, "settings");
  EXPECT_EQ(s["evictions"], "off");
  EXPECT_EQ(s["cas_enabled"], "no");
  EXPECT_EQ(other->stop(), "");
}

}  // namespace
}  // namespace ringcache::integration
