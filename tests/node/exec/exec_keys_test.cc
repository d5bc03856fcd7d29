// incr decr delete touch.
#include <gtest/gtest.h>

#include <string>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

TEST(ExecKeysTest, IncrDecrOnDecimalValues) {
  SessionHarness h;
  h.send("set n 3 0 2\r\n10\r\n");
  EXPECT_EQ(h.send("incr n 5\r\n"), "15\r\n");
  EXPECT_EQ(h.send("decr n 100\r\n"), "0\r\n");  // decr floors at 0
  EXPECT_EQ(h.send("incr n 18446744073709551615\r\n"), "18446744073709551615\r\n");
  EXPECT_EQ(h.send("incr n 2\r\n"), "1\r\n");  // incr wraps at 2^64
  // A shorter result keeps the old length, padded with spaces, exactly as memcached.
  EXPECT_EQ(h.send("get n\r\n"), "VALUE n 3 20\r\n1                   \r\nEND\r\n");
}

TEST(ExecKeysTest, IncrDecrMissesAndNonNumericValues) {
  SessionHarness h;
  h.send("set s 0 0 3\r\nabc\r\n");
  EXPECT_EQ(h.send("incr zz 1\r\ndecr zz 1\r\n"), "NOT_FOUND\r\nNOT_FOUND\r\n");
  EXPECT_EQ(h.send("incr s 1\r\n"),
            "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
  h.send("set n 0 0 1\r\n5\r\n");
  h.send("incr n 1\r\ndecr n 1\r\ndecr n 1\r\n");
  WorkerStats& w = h.worker();
  EXPECT_EQ(w.incr_misses.get(), 1u);
  EXPECT_EQ(w.decr_misses.get(), 1u);
  EXPECT_EQ(w.incr_hits.get(), 1u);  // the non-numeric incr counts as neither
  EXPECT_EQ(w.decr_hits.get(), 2u);
}

TEST(ExecKeysTest, DeleteRemovesOnce) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\n");
  EXPECT_EQ(h.send("delete a\r\ndelete a\r\nget a\r\n"), "DELETED\r\nNOT_FOUND\r\nEND\r\n");
  h.send("set a 0 0 1\r\nx\r\n");
  EXPECT_EQ(h.send("delete a 0\r\n"), "DELETED\r\n");  // the legacy hold time 0
  EXPECT_EQ(h.worker().delete_hits.get(), 2u);
  EXPECT_EQ(h.worker().delete_misses.get(), 1u);
}

TEST(ExecKeysTest, TouchChangesTheExptime) {
  SessionHarness h;
  h.send("set a 0 5 1\r\nx\r\n");
  EXPECT_EQ(h.send("touch a 100\r\ntouch zz 100\r\n"), "TOUCHED\r\nNOT_FOUND\r\n");
  h.clock().advance(99);
  EXPECT_EQ(h.send("get a\r\n"), "VALUE a 0 1\r\nx\r\nEND\r\n");
  h.clock().advance(1);
  EXPECT_EQ(h.send("get a\r\n"), "END\r\n");
  WorkerStats& w = h.worker();
  EXPECT_EQ(w.cmd_touch.get(), 2u);
  EXPECT_EQ(w.touch_hits.get(), 1u);
  EXPECT_EQ(w.touch_misses.get(), 1u);
}

}  // namespace
}  // namespace ringcache::node
