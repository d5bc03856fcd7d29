// The exact reply bytes of every text command, on a fresh server.
#include <sys/wait.h>

#include <regex>

#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using TextCommandsTest = ServerTest;
RINGCACHE_SERVER_SUITE(TextCommandsTest);

// The unique from `gets` (first VALUE line's fifth field), or "" when absent.
std::string cas_of(TestClient& c, const std::string& key) {
  std::string reply = c.request("gets " + key + "\r\n", "END\r\n");
  std::smatch m;
  std::regex re("^VALUE \\S+ \\d+ \\d+ (\\d+)\r\n");
  return std::regex_search(reply, m, re) ? m[1].str() : "";
}

TEST_P(TextCommandsTest, SetThenGetReturnsValueWithFlags) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 5 0 3\r\nabc\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get a\r\n", "VALUE a 5 3\r\nabc\r\nEND\r\n");
  EXPECT_REPLY(c, "get missing\r\n", "END\r\n");
  // Flags are a 32-bit unsigned number, returned as given.
  EXPECT_REPLY(c, "set f 4294967295 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get f\r\n", "VALUE f 4294967295 1\r\nx\r\nEND\r\n");
  EXPECT_REPLY(c, "set empty 0 0 0\r\n\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get empty\r\n", "VALUE empty 0 0\r\n\r\nEND\r\n");
}

TEST_P(TextCommandsTest, GetsReturnsCasUniqueThatChangesOnEveryWrite) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 1 0 2\r\nhi\r\n", "STORED\r\n");
  std::string reply = c.request("gets a\r\n", "END\r\n");
  EXPECT_TRUE(std::regex_match(reply, std::regex("VALUE a 1 2 \\d+\r\nhi\r\nEND\r\n")))
      << escape(reply);
  std::string first = cas_of(c, "a");
  EXPECT_REPLY(c, "set a 1 0 2\r\nho\r\n", "STORED\r\n");
  std::string second = cas_of(c, "a");
  EXPECT_NE(first, second);
  EXPECT_REPLY(c, "append a 0 0 1\r\n!\r\n", "STORED\r\n");
  EXPECT_NE(cas_of(c, "a"), second);
  EXPECT_REPLY(c, "gets missing\r\n", "END\r\n");
}

TEST_P(TextCommandsTest, GatAndGatsReturnValueAndUpdateTtl) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 5 0 3\r\nabc\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "gat 100 a\r\n", "VALUE a 5 3\r\nabc\r\nEND\r\n");
  std::string reply = c.request("gats 100 a b\r\n", "END\r\n");
  EXPECT_TRUE(std::regex_match(reply, std::regex("VALUE a 5 3 \\d+\r\nabc\r\nEND\r\n")))
      << escape(reply);
  // A negative exptime expires the item at once.
  EXPECT_REPLY(c, "gat -1 a\r\n", "VALUE a 5 3\r\nabc\r\nEND\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
  EXPECT_REPLY(c, "gat abc a\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
}

TEST_P(TextCommandsTest, AddAndReplaceDependOnExistence) {
  TestClient c = connect();
  EXPECT_REPLY(c, "replace a 0 0 1\r\nx\r\n", "NOT_STORED\r\n");
  EXPECT_REPLY(c, "add a 0 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "add a 0 0 1\r\ny\r\n", "NOT_STORED\r\n");
  EXPECT_REPLY(c, "replace a 7 0 1\r\nz\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get a\r\n", "VALUE a 7 1\r\nz\r\nEND\r\n");
}

TEST_P(TextCommandsTest, AppendAndPrependKeepFlagsAndNeedAnItem) {
  TestClient c = connect();
  EXPECT_REPLY(c, "append a 0 0 1\r\nx\r\n", "NOT_STORED\r\n");
  EXPECT_REPLY(c, "prepend a 0 0 1\r\nx\r\n", "NOT_STORED\r\n");
  EXPECT_REPLY(c, "set a 5 0 3\r\nabc\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "append a 9 0 2\r\nde\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "prepend a 9 0 2\r\nzz\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get a\r\n", "VALUE a 5 7\r\nzzabcde\r\nEND\r\n");
}

TEST_P(TextCommandsTest, CasStoresOnlyWithTheCurrentUnique) {
  TestClient c = connect();
  EXPECT_REPLY(c, "cas a 0 0 1 1\r\nx\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\n", "STORED\r\n");
  std::string unique = cas_of(c, "a");
  ASSERT_FALSE(unique.empty());
  std::string stale = std::to_string(std::stoull(unique) + 1000);
  EXPECT_REPLY(c, "cas a 0 0 1 " + stale + "\r\ny\r\n", "EXISTS\r\n");
  EXPECT_REPLY(c, "cas a 3 0 1 " + unique + "\r\ny\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "cas a 0 0 1 " + unique + "\r\nz\r\n", "EXISTS\r\n");
  EXPECT_REPLY(c, "get a\r\n", "VALUE a 3 1\r\ny\r\nEND\r\n");
}

TEST_P(TextCommandsTest, DeleteRemovesOnce) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "delete a\r\n", "DELETED\r\n");
  EXPECT_REPLY(c, "delete a\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
  // memcached still accepts a legacy "0" time, and rejects any other.
  EXPECT_REPLY(c, "delete a 0\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "delete a 5\r\n",
               "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n");
}

TEST_P(TextCommandsTest, IncrDecrOnUnsigned64BitDecimals) {
  TestClient c = connect();
  EXPECT_REPLY(c, "incr n 1\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "decr n 1\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "set n 3 0 2\r\n10\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "incr n 5\r\n", "15\r\n");
  EXPECT_REPLY(c, "decr n 100\r\n", "0\r\n");  // decr floors at 0
  // The protocol lets a shrunk number keep its old length, padded with spaces (memcached does).
  std::string zero = c.request("get n\r\n", "END\r\n");
  EXPECT_TRUE(std::regex_match(zero, std::regex("VALUE n 3 (1\r\n0|2\r\n0 )\r\nEND\r\n")))
      << escape(zero);
  EXPECT_REPLY(c, "set n 0 0 20\r\n18446744073709551615\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "incr n 2\r\n", "1\r\n");  // incr wraps at 2^64
  EXPECT_REPLY(c, "incr n 18446744073709551614\r\n", "18446744073709551615\r\n");
  EXPECT_REPLY(c, "incr n abc\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n");
  EXPECT_REPLY(c, "decr n -1\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n");
  EXPECT_REPLY(c, "incr n 18446744073709551616\r\n",
               "CLIENT_ERROR invalid numeric delta argument\r\n");
  EXPECT_REPLY(c, "set s 0 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "incr s 1\r\n",
               "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
}

TEST_P(TextCommandsTest, IncrGrowsTheValueLength) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set n 0 0 2\r\n99\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "incr n 1\r\n", "100\r\n");
  EXPECT_REPLY(c, "get n\r\n", "VALUE n 0 3\r\n100\r\nEND\r\n");
  EXPECT_REPLY(c, "decr n 91\r\n", "9\r\n");
  // A shrunk number may keep its length padded with spaces; incr still reads it as 9.
  EXPECT_REPLY(c, "incr n 0\r\n", "9\r\n");
}

TEST_P(TextCommandsTest, TouchUpdatesExistingItemsOnly) {
  TestClient c = connect();
  EXPECT_REPLY(c, "touch a 10\r\n", "NOT_FOUND\r\n");
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "touch a 10\r\n", "TOUCHED\r\n");
  EXPECT_REPLY(c, "touch a -1\r\n", "TOUCHED\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
  EXPECT_REPLY(c, "touch a abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
}

TEST_P(TextCommandsTest, FlushAllInvalidatesEverything) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\nset b 0 0 1\r\ny\r\n", "STORED\r\nSTORED\r\n");
  EXPECT_REPLY(c, "flush_all\r\n", "OK\r\n");
  EXPECT_REPLY(c, "get a b\r\n", "END\r\n");
  EXPECT_REPLY(c, "set a 0 0 1\r\nz\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get a\r\n", "VALUE a 0 1\r\nz\r\nEND\r\n");
  EXPECT_REPLY(c, "flush_all 0\r\n", "OK\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
  EXPECT_REPLY(c, "flush_all abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n");
}

TEST_P(TextCommandsTest, VersionAndVerbosity) {
  TestClient c = connect();
  std::string version = c.request("version\r\n");
  EXPECT_TRUE(std::regex_match(version, std::regex("VERSION [0-9A-Za-z.+~_-]+\r\n")))
      << escape(version);
  if (is_memcached()) {
    EXPECT_EQ(version.rfind("VERSION 1.6.", 0), 0u) << escape(version);
  }
  EXPECT_REPLY(c, "verbosity 1\r\n", "OK\r\n");
  EXPECT_REPLY(c, "verbosity 0\r\n", "OK\r\n");
  EXPECT_REPLY(c, "verbosity\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "verbosity abc\r\n", "CLIENT_ERROR bad command line format\r\n");
}

TEST_P(TextCommandsTest, StatsListsCountersAndEnds) {
  TestClient c = connect();
  auto s = stats(c);
  for (const char* name : {"pid", "uptime", "time", "version", "curr_items", "total_items",
                           "bytes", "limit_maxbytes", "curr_connections", "total_connections",
                           "cmd_get", "cmd_set", "get_hits", "get_misses", "evictions",
                           "threads"}) {
    EXPECT_TRUE(s.count(name)) << "missing STAT " << name;
  }
  EXPECT_EQ(stat_int(s, "pid"), server().pid());
  EXPECT_EQ(stat_int(s, "limit_maxbytes"), 64ll << 20);
  EXPECT_REPLY(c, "stats reset\r\n", "RESET\r\n");
  EXPECT_REPLY(c, "stats bogus\r\n", "ERROR\r\n");
}

TEST_P(TextCommandsTest, QuitClosesTheConnection) {
  TestClient c = connect();
  EXPECT_TRUE(c.send("quit\r\n"));
  EXPECT_TRUE(c.wait_closed());
  EXPECT_EQ(c.read_for(std::chrono::milliseconds(0)), "");
  TestClient d = connect();  // the server carries on
  EXPECT_REPLY(d, "get a\r\n", "END\r\n");
}

TEST_P(TextCommandsTest, ShutdownNeedsDashA) {
  TestClient c = connect();
  EXPECT_REPLY(c, "shutdown\r\n", "ERROR: shutdown not enabled\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
  auto enabled = start_other({"-A"});
  ASSERT_TRUE(enabled->started());
  TestClient d(enabled->port());
  EXPECT_TRUE(d.send("shutdown\r\n"));
  EXPECT_TRUE(d.wait_closed());
  std::optional<int> status = enabled->wait_exit(std::chrono::seconds(5));
  ASSERT_TRUE(status.has_value()) << "the server must exit after `shutdown`";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "status " << *status;
}

TEST_P(TextCommandsTest, UnknownAndEmptyCommandsAreErrors) {
  TestClient c = connect();
  EXPECT_REPLY(c, "bogus\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "GET a\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "get\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "gets\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "incr a\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "touch a\r\n", "ERROR\r\n");
  // The connection stays usable.
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\n", "STORED\r\n");
}

}  // namespace
}  // namespace ringcache::integration
