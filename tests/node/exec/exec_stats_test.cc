// stats and its groups: memcached's names and order, counters after a known sequence.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

// The STAT names of a reply, in order.
std::vector<std::string> names_of(const std::string& reply) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (reply.compare(pos, 5, "STAT ") == 0) {
    std::size_t sp = reply.find(' ', pos + 5);
    names.push_back(reply.substr(pos + 5, sp - pos - 5));
    pos = reply.find("\r\n", pos) + 2;
  }
  return names;
}

TEST(ExecStatsTest, GeneralStatsUseMemcachedNamesInItsOrder) {
  SessionHarness h;
  const std::vector<std::string> expected = {
      "pid", "uptime", "time", "version", "pointer_size", "rusage_user", "rusage_system",
      "max_connections", "curr_connections", "total_connections", "rejected_connections",
      "connection_structures", "cmd_get", "cmd_set", "cmd_flush", "cmd_touch", "cmd_meta",
      "get_hits", "get_misses", "get_expired", "get_flushed", "delete_misses", "delete_hits",
      "incr_misses", "incr_hits", "decr_misses", "decr_hits", "cas_misses", "cas_hits",
      "cas_badval", "touch_hits", "touch_misses", "store_too_large", "store_no_memory",
      "auth_cmds", "auth_errors", "bytes_read", "bytes_written", "limit_maxbytes",
      "accepting_conns", "listen_disabled_num", "time_in_listen_disabled_us", "threads",
      "conn_yields", "hash_power_level", "hash_bytes", "hash_is_expanding", "bytes",
      "curr_items", "total_items", "expired_unfetched", "evicted_unfetched", "evicted_active",
      "evictions", "reclaimed"};
  EXPECT_EQ(names_of(h.send("stats\r\n")), expected);
}

TEST(ExecStatsTest, GeneralStatsReportProcessAndSettings) {
  SessionHarness h;
  auto st = h.stats();
  EXPECT_EQ(st["uptime"], "100");
  EXPECT_EQ(st["time"], std::to_string(h.clock().now()));
  EXPECT_EQ(st["version"], "1.6.18");
  EXPECT_EQ(st["pointer_size"], "64");
  EXPECT_EQ(st["max_connections"], "1024");
  EXPECT_EQ(st["limit_maxbytes"], "67108864");
  EXPECT_EQ(st["threads"], "4");
  EXPECT_NE(st["rusage_user"].find('.'), std::string::npos);
}

TEST(ExecStatsTest, CountersAfterAKnownSequenceSumAllWorkers) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\nset b 0 0 2\r\nyy\r\nget a b c\r\ndelete b\r\ndelete b\r\n"
         "incr a 1\r\ntouch a 0\r\nflush_all\r\n");
  h.other_worker().cmd_get.add(10);
  h.connections().curr_connections.add(3);
  h.connections().total_connections.add(7);
  auto st = h.stats();
  EXPECT_EQ(st["cmd_get"], "13");
  EXPECT_EQ(st["cmd_set"], "2");
  EXPECT_EQ(st["cmd_flush"], "1");
  EXPECT_EQ(st["cmd_touch"], "1");
  EXPECT_EQ(st["get_hits"], "2");
  EXPECT_EQ(st["get_misses"], "1");
  EXPECT_EQ(st["delete_hits"], "1");
  EXPECT_EQ(st["delete_misses"], "1");
  EXPECT_EQ(st["incr_misses"], "0");
  EXPECT_EQ(st["touch_hits"], "1");
  EXPECT_EQ(st["curr_connections"], "3");
  EXPECT_EQ(st["total_connections"], "7");
  EXPECT_EQ(st["total_items"], "2");
}

TEST(ExecStatsTest, StoreGaugesFollowTheCache) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\nset b 0 0 1\r\ny\r\n");
  auto st = h.stats();
  EXPECT_EQ(st["curr_items"], "2");
  EXPECT_EQ(st["total_items"], "2");
  EXPECT_NE(st["bytes"], "0");
}

TEST(ExecStatsTest, SettingsUseMemcachedNamesAndDefaults) {
  SessionHarness h;
  const std::string reply = h.send("stats settings\r\n");
  const std::vector<std::string> expected = {
      "maxbytes", "maxconns", "tcpport", "udpport", "inter", "verbosity", "oldest",
      "evictions", "domain_socket", "umask", "shutdown_command", "growth_factor",
      "chunk_size", "num_threads", "num_threads_per_udp", "stat_key_prefix",
      "detail_enabled", "reqs_per_event", "cas_enabled", "tcp_backlog", "binding_protocol",
      "auth_enabled_sasl", "auth_enabled_ascii", "item_size_max", "maxconns_fast",
      "hashpower_init", "flush_enabled", "dump_enabled"};
  EXPECT_EQ(names_of(reply), expected);
  EXPECT_EQ(reply.substr(0, 188),
            "STAT maxbytes 67108864\r\nSTAT maxconns 1024\r\nSTAT tcpport 11211\r\n"
            "STAT udpport 0\r\nSTAT inter 127.0.0.1\r\nSTAT verbosity 0\r\nSTAT oldest 0\r\n"
            "STAT evictions on\r\nSTAT domain_socket NULL\r\nSTAT umas");
  auto st = h.stats("settings");
  EXPECT_EQ(st["umask"], "700");
  EXPECT_EQ(st["growth_factor"], "1.25");
  EXPECT_EQ(st["stat_key_prefix"], ":");
  EXPECT_EQ(st["binding_protocol"], "auto-negotiate");
  EXPECT_EQ(st["item_size_max"], "1048576");
  EXPECT_EQ(st["auth_enabled_ascii"], "no");
}

TEST(ExecStatsTest, SettingsFollowTheCommandLine) {
  Settings s;
  s.evict = false;
  s.use_cas = false;
  s.shutdown_enabled = true;
  s.listen = {"127.0.0.1", "::1"};
  s.extra_options = {{"idle_timeout", "30"}};
  SessionHarness h(s);
  auto st = h.stats("settings");
  EXPECT_EQ(st["evictions"], "off");
  EXPECT_EQ(st["cas_enabled"], "no");
  EXPECT_EQ(st["shutdown_command"], "yes");
  EXPECT_EQ(st["inter"], "127.0.0.1,::1");
  EXPECT_EQ(st["idle_timeout"], "30");
}

TEST(ExecStatsTest, ItemsAndSlabsDescribeTheStoreAsOneClass) {
  SessionHarness h;
  EXPECT_EQ(h.send("stats items\r\n"), "END\r\n");
  EXPECT_EQ(h.send("stats slabs\r\n"), "STAT active_slabs 0\r\nSTAT total_malloced 0\r\nEND\r\n");
  h.send("set a 0 0 10\r\n0123456789\r\nset b 0 0 1\r\nx\r\nget a\r\n");
  auto items = h.stats("items");
  EXPECT_EQ(items["items:1:number"], "2");
  EXPECT_EQ(items["items:1:evicted"], "0");
  EXPECT_EQ(items.count("items:1:age"), 1u);
  auto slabs = h.stats("slabs");
  EXPECT_EQ(slabs["1:used_chunks"], "2");
  EXPECT_EQ(slabs["1:get_hits"], "1");
  EXPECT_EQ(slabs["1:cmd_set"], "2");
  EXPECT_EQ(slabs["active_slabs"], "1");
  EXPECT_NE(slabs["total_malloced"], "0");
  EXPECT_NE(slabs["1:total_pages"], "0");  // memcached-tool skips classes without pages
}

TEST(ExecStatsTest, SizesConnsAndUnknownGroups) {
  SessionHarness h;
  EXPECT_EQ(h.send("stats sizes\r\n"), "STAT sizes_status disabled\r\nEND\r\n");
  EXPECT_EQ(h.send("stats conns\r\n"),
            "STAT 7:addr tcp:127.0.0.1:5555\r\nSTAT 7:state conn_parse_cmd\r\nEND\r\n");
  EXPECT_EQ(h.send("stats foo\r\n"), "ERROR\r\n");
  EXPECT_EQ(h.send("stats cachedump 1 1\r\n"), "CLIENT_ERROR stats cachedump not allowed\r\n");
}

TEST(ExecStatsTest, ResetZeroesCountersButNotGauges) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\nget a\r\n");
  h.other_worker().get_hits.add(5);
  h.connections().curr_connections.add(2);
  h.connections().total_connections.add(9);
  EXPECT_EQ(h.send("stats reset\r\n"), "RESET\r\n");
  auto st = h.stats();
  EXPECT_EQ(st["get_hits"], "0");
  EXPECT_EQ(st["cmd_set"], "0");
  EXPECT_EQ(st["total_connections"], "0");
  EXPECT_EQ(st["curr_connections"], "2");
  EXPECT_EQ(st["curr_items"], "1");
}

TEST(ExecStatsTest, DetailRecordsPerPrefixWhileOn) {
  SessionHarness h;
  EXPECT_EQ(h.send("stats detail\r\n"), "CLIENT_ERROR usage: stats detail on|off|dump\r\n");
  EXPECT_EQ(h.send("stats detail dump\r\n"), "END\r\n");
  h.send("set user:1 0 0 1\r\nx\r\n");  // not recorded: detail is off
  EXPECT_EQ(h.send("stats detail on\r\n"), "OK\r\n");
  EXPECT_EQ(h.stats("settings")["detail_enabled"], "yes");
  h.send("set user:2 0 0 1\r\nx\r\nget user:1 user:9 plain\r\ndelete user:2\r\nset a:b 0 0 1\r\ny\r\n");
  EXPECT_EQ(h.send("stats detail dump\r\n"),
            "PREFIX a get 0 hit 0 set 1 del 0\r\nPREFIX user get 2 hit 1 set 1 del 1\r\nEND\r\n");
  EXPECT_EQ(h.send("stats detail off\r\n"), "OK\r\n");
  h.send("get user:1\r\n");
  EXPECT_EQ(h.send("stats detail dump\r\n"),
            "PREFIX a get 0 hit 0 set 1 del 0\r\nPREFIX user get 2 hit 1 set 1 del 1\r\nEND\r\n");
}

}  // namespace
}  // namespace ringcache::node
