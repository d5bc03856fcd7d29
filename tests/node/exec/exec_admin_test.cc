// flush_all version verbosity shutdown quit.
#include <gtest/gtest.h>

#include <string>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

TEST(ExecAdminTest, FlushAllInvalidatesAtOnceButLaterSetsSurvive) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\n");
  EXPECT_EQ(h.send("flush_all\r\nget a\r\nset b 0 0 1\r\ny\r\nget b\r\n"),
            "OK\r\nEND\r\nSTORED\r\nVALUE b 0 1\r\ny\r\nEND\r\n");
  EXPECT_EQ(h.send("flush_all 0\r\nget b\r\n"), "OK\r\nEND\r\n");
  EXPECT_EQ(h.worker().cmd_flush.get(), 2u);
}

TEST(ExecAdminTest, FlushAllWithDelayWaitsAsMemcached) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\n");
  EXPECT_EQ(h.send("flush_all 10\r\n"), "OK\r\n");
  h.clock().advance(8);
  EXPECT_EQ(h.send("get a\r\n"), "VALUE a 0 1\r\nx\r\nEND\r\n");
  // memcached's cut-off is one second before the delay ends when CAS is on.
  h.clock().advance(1);
  EXPECT_EQ(h.send("get a\r\n"), "END\r\n");
  // Items stored after the cut-off second are kept.
  h.clock().advance(1);
  h.send("set c 0 0 1\r\nz\r\n");
  h.clock().advance(100);
  EXPECT_EQ(h.send("get c\r\n"), "VALUE c 0 1\r\nz\r\nEND\r\n");
}

TEST(ExecAdminTest, FlushAllDisabledByDashF) {
  Settings s;
  s.flush_enabled = false;
  SessionHarness h(s);
  h.send("set a 0 0 1\r\nx\r\n");
  EXPECT_EQ(h.send("flush_all\r\nget a\r\n"),
            "CLIENT_ERROR flush_all not allowed\r\nVALUE a 0 1\r\nx\r\nEND\r\n");
  EXPECT_EQ(h.worker().cmd_flush.get(), 1u);  // still counted, as memcached
}

TEST(ExecAdminTest, VersionIsParseableMemcachedVersion) {
  SessionHarness h;
  EXPECT_EQ(h.send("version\r\n"), "VERSION 1.6.18\r\n");
}

TEST(ExecAdminTest, VerbositySetsTheLevelClampedToTwo) {
  SessionHarness h;
  EXPECT_EQ(h.send("verbosity 1\r\n"), "OK\r\n");
  EXPECT_EQ(h.context().verbosity.load(), 1);
  EXPECT_EQ(h.send("verbosity 9\r\n"), "OK\r\n");
  EXPECT_EQ(h.context().verbosity.load(), 2);
  EXPECT_EQ(h.stats("settings")["verbosity"], "2");
  h.send("verbosity 0 noreply\r\n");
  EXPECT_EQ(h.context().verbosity.load(), 0);
}

TEST(ExecAdminTest, ShutdownWithoutDashAIsRefused) {
  SessionHarness h;
  EXPECT_EQ(h.send("shutdown\r\n"), "ERROR: shutdown not enabled\r\n");
  EXPECT_EQ(h.shutdown_requests(), 0);
  EXPECT_FALSE(h.closed());
}

TEST(ExecAdminTest, ShutdownWithDashAStopsTheServerAndCloses) {
  Settings s;
  s.shutdown_enabled = true;
  SessionHarness h(s);
  EXPECT_EQ(h.send("shutdown foo\r\n"), "CLIENT_ERROR invalid shutdown mode\r\n");
  EXPECT_EQ(h.shutdown_requests(), 0);
  std::string out;
  EXPECT_EQ(h.feed("shutdown\r\nversion\r\n", out), 10u);
  EXPECT_EQ(out, "");
  EXPECT_TRUE(h.closed());
  EXPECT_EQ(h.shutdown_requests(), 1);
}

TEST(ExecAdminTest, ShutdownGracefulIsAccepted) {
  Settings s;
  s.shutdown_enabled = true;
  SessionHarness h(s);
  EXPECT_EQ(h.send("shutdown graceful\r\n"), "");
  EXPECT_EQ(h.shutdown_requests(), 1);
}

}  // namespace
}  // namespace ringcache::node
