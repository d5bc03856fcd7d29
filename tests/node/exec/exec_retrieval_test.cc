// get gets gat gats: exact bytes, TTLs through the fake clock, and memcached's counters.
#include <gtest/gtest.h>

#include <string>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

// The CAS unique the store gave `key` (read back through gets).
std::string cas_of(SessionHarness& h, const std::string& key) {
  std::string out = h.send("gets " + key + "\r\n");
  std::size_t eol = out.find("\r\n");
  return out.substr(out.rfind(' ', eol) + 1, eol - out.rfind(' ', eol) - 1);
}

TEST(ExecRetrievalTest, GetReturnsHitsInRequestOrderThenEnd) {
  SessionHarness h;
  h.send("set a 5 0 3\r\nabc\r\nset b 4294967295 0 0\r\n\r\n");
  EXPECT_EQ(h.send("get b zz a a\r\n"),
            "VALUE b 4294967295 0\r\n\r\nVALUE a 5 3\r\nabc\r\nVALUE a 5 3\r\nabc\r\nEND\r\n");
  EXPECT_EQ(h.send("get nothing\r\n"), "END\r\n");
}

TEST(ExecRetrievalTest, GetsAddsTheCasUniqueThatChangesOnEveryWrite) {
  SessionHarness h;
  h.send("set a 1 0 2\r\nhi\r\n");
  std::string first = cas_of(h, "a");
  EXPECT_EQ(h.send("gets a\r\n"), "VALUE a 1 2 " + first + "\r\nhi\r\nEND\r\n");
  h.send("append a 0 0 1\r\n!\r\n");
  EXPECT_NE(cas_of(h, "a"), first);
}

TEST(ExecRetrievalTest, ItemsExpireOnTheFakeClock) {
  SessionHarness h;
  h.send("set a 0 10 1\r\nx\r\nset never 0 0 1\r\ny\r\nset gone 0 -1 1\r\nz\r\n");
  EXPECT_EQ(h.send("get gone\r\n"), "END\r\n");
  h.clock().advance(9);
  EXPECT_EQ(h.send("get a\r\n"), "VALUE a 0 1\r\nx\r\nEND\r\n");
  const uint64_t expired_before = h.worker().get_expired.get();
  h.clock().advance(1);
  EXPECT_EQ(h.send("get a\r\n"), "END\r\n");
  EXPECT_EQ(h.worker().get_expired.get(), expired_before + 1);  // and a miss
  EXPECT_EQ(h.worker().get_misses.get(), 2u);
  h.clock().advance(100000);
  EXPECT_EQ(h.send("get never\r\n"), "VALUE never 0 1\r\ny\r\nEND\r\n");
}

TEST(ExecRetrievalTest, AbsoluteExptimeBeyondThirtyDays) {
  SessionHarness h;
  const int64_t at = h.clock().now() + 50;
  h.send("set a 0 " + std::to_string(at) + " 1\r\nx\r\n");
  h.clock().advance(49);
  EXPECT_EQ(h.send("get a\r\n"), "VALUE a 0 1\r\nx\r\nEND\r\n");
  h.clock().advance(1);
  EXPECT_EQ(h.send("get a\r\n"), "END\r\n");
}

TEST(ExecRetrievalTest, GatReturnsTheValueAndSetsTheNewExptime) {
  SessionHarness h;
  h.send("set a 7 10 1\r\nx\r\n");
  EXPECT_EQ(h.send("gat 100 a zz\r\n"), "VALUE a 7 1\r\nx\r\nEND\r\n");
  h.clock().advance(50);
  std::string cas = cas_of(h, "a");
  EXPECT_EQ(h.send("gats 0 a\r\n"), "VALUE a 7 1 " + cas + "\r\nx\r\nEND\r\n");
  h.clock().advance(1000);  // exptime 0 = never
  EXPECT_EQ(h.send("gat 1 a\r\n"), "VALUE a 7 1\r\nx\r\nEND\r\n");
  h.clock().advance(1);
  EXPECT_EQ(h.send("gat 1 a\r\n"), "END\r\n");
}

TEST(ExecRetrievalTest, GetCountsPerKeyAndGatCountsAsTouch) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\n");
  h.send("get a b a\r\ngets a\r\n");
  WorkerStats& w = h.worker();
  EXPECT_EQ(w.cmd_get.get(), 4u);
  EXPECT_EQ(w.get_hits.get(), 3u);
  EXPECT_EQ(w.get_misses.get(), 1u);
  // memcached 1.6 counts gat/gats keys as touches, not as gets.
  h.send("gat 0 a b\r\ngats 0 a\r\n");
  EXPECT_EQ(w.cmd_get.get(), 4u);
  EXPECT_EQ(w.cmd_touch.get(), 3u);
  EXPECT_EQ(w.touch_hits.get(), 2u);
  EXPECT_EQ(w.touch_misses.get(), 1u);
}

TEST(ExecRetrievalTest, LargeValueIsReturnedWhole) {
  SessionHarness h;
  const std::string value(500000, 'q');
  EXPECT_EQ(h.send("set big 0 0 500000\r\n" + value + "\r\n"), "STORED\r\n");
  EXPECT_EQ(h.send("get big\r\n"), "VALUE big 0 500000\r\n" + value + "\r\nEND\r\n");
}

}  // namespace
}  // namespace ringcache::node
