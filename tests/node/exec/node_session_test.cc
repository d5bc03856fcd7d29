// The request loop: pipelining, partial input, noreply, swallowing refused data, closing.
#include "node/exec/node_session.h"

#include <gtest/gtest.h>

#include <string>

#include "common/net/session.h"

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

TEST(NodeSessionTest, AnswersPipelinedRequestsInOrder) {
  SessionHarness h;
  EXPECT_EQ(h.send("set a 0 0 1\r\nx\r\nget a\r\ndelete a\r\nget a\r\nversion\r\n"),
            "STORED\r\nVALUE a 0 1\r\nx\r\nEND\r\nDELETED\r\nEND\r\nVERSION 1.6.18\r\n");
}

TEST(NodeSessionTest, LeavesAnIncompleteRequestUnconsumed) {
  SessionHarness h;
  std::string out;
  std::string_view in = "get a\r\nset b 0 0 5\r\nab";
  EXPECT_EQ(h.feed(in, out), 7u);  // only "get a\r\n"
  EXPECT_EQ(out, "END\r\n");
  out.clear();
  EXPECT_EQ(h.feed("set b 0 0 5\r\nabcde\r\n", out), 20u);
  EXPECT_EQ(out, "STORED\r\n");
}

TEST(NodeSessionTest, RequestSplitAtEveryOffsetGivesTheSameReplies) {
  const std::string in = "set k 3 0 5\r\nhello\r\ngets k\r\nincr n 1\r\nget k\r\n";
  SessionHarness whole;
  const std::string expected = whole.send(in);
  for (std::size_t cut = 0; cut <= in.size(); ++cut) {
    SessionHarness h;
    std::string out;
    std::size_t used = h.feed(std::string_view(in).substr(0, cut), out);
    std::string rest = in.substr(used);
    EXPECT_EQ(h.feed(rest, out), rest.size()) << "cut " << cut;
    EXPECT_EQ(out, expected) << "cut " << cut;
  }
}

TEST(NodeSessionTest, NoreplySuppressesEveryReplyOfThatRequestOnly) {
  SessionHarness h;
  EXPECT_EQ(h.send("set a 0 0 1 noreply\r\nx\r\nadd a 0 0 1 noreply\r\ny\r\n"
                   "incr a 1 noreply\r\ndelete zz noreply\r\ntouch a 0 noreply\r\n"
                   "flush_all noreply\r\nverbosity 1 noreply\r\nget a\r\n"),
            "END\r\n");
}

TEST(NodeSessionTest, MetaNoopAnswersMn) {
  SessionHarness h;
  EXPECT_EQ(h.send("get a\r\nmn\r\n"), "END\r\nMN\r\n");
}

TEST(NodeSessionTest, ErrorRepliesDoNotStopThePipeline) {
  SessionHarness h;
  EXPECT_EQ(h.send("bogus\r\nget a\r\n"), "ERROR\r\nEND\r\n");
}

TEST(NodeSessionTest, TooLargeValueIsSwallowedAcrossManyReads) {
  Settings s;
  s.item_size_max = 1024;
  SessionHarness h(s);
  h.send("set big 0 0 1\r\nx\r\n");
  const std::string value(5000, 'v');
  const std::string in = "set big 0 0 5000\r\n" + value + "\r\nget big\r\n";
  std::string out;
  std::size_t pos = 0;
  // Arrives 700 bytes at a time; whatever is not consumed is offered again with more.
  for (int round = 0; round < 100 && pos < in.size(); ++round) {
    std::size_t end = std::min(in.size(), pos + 700);
    pos += h.feed(std::string_view(in).substr(pos, end - pos), out);
  }
  EXPECT_EQ(pos, in.size());
  // The old value is gone too: a reader never sees what the client meant to replace.
  EXPECT_EQ(out, "SERVER_ERROR object too large for cache\r\nEND\r\n");
  EXPECT_EQ(h.worker().store_too_large.get(), 1u);
}

TEST(NodeSessionTest, QuitClosesWithoutReplyAndStopsReading) {
  SessionHarness h;
  std::string out;
  std::string_view in = "get a\r\nquit\r\nget b\r\n";
  EXPECT_EQ(h.feed(in, out), 13u);
  EXPECT_EQ(out, "END\r\n");
  EXPECT_TRUE(h.closed());
}

TEST(NodeSessionTest, CountsBytesReadAndWritten) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\n");  // 16 bytes in, "STORED\r\n" out
  h.send("get a\r\n");            // 7 bytes in, 21 bytes out
  EXPECT_EQ(h.worker().bytes_read.get(), 23u);
  EXPECT_EQ(h.worker().bytes_written.get(), 8u + 21u);
  // As memcached: `stats` counts its own request but not its own reply.
  auto st = h.stats();
  EXPECT_EQ(st["bytes_read"], "30");
  EXPECT_EQ(st["bytes_written"], "29");
}

TEST(NodeSessionTest, NoreplyWritesNothingAndCountsNothingWritten) {
  SessionHarness h;
  h.send("set a 0 0 1 noreply\r\nx\r\n");
  EXPECT_EQ(h.worker().bytes_written.get(), 0u);
}

// A client pipelining gets of big values without reading must not make one call produce
// unbounded output: the session stops once this call's replies pass kSoftOutputLimit.
TEST(NodeSessionTest, StopsAfterTheSoftOutputLimitOfRepliesInOneCall) {
  SessionHarness h;
  const std::string value(100u << 10, 'v');
  h.send("set big 0 0 " + std::to_string(value.size()) + "\r\n" + value + "\r\n");
  const std::string one_reply = "VALUE big 0 " + std::to_string(value.size()) + "\r\n" + value +
                                "\r\nEND\r\n";
  std::string in;
  for (int i = 0; i < 20; ++i) in += "get big\r\n";
  // Unsent replies from before do not count against this call.
  std::string out(1u << 20, 'x');
  std::size_t used = h.feed(in, out);
  const std::size_t gets = (common::kSoftOutputLimit / one_reply.size()) + 1;  // the first past it
  EXPECT_EQ(used, gets * 9);
  EXPECT_EQ(out.size(), (1u << 20) + gets * one_reply.size());
  EXPECT_FALSE(h.closed());
  // Called again (once the client has read), it goes on where it stopped.
  std::size_t total = used;
  for (int call = 0; call < 20 && total < in.size(); ++call) {
    out.clear();
    total += h.feed(std::string_view(in).substr(total), out);
    EXPECT_LE(out.size(), common::kSoftOutputLimit + one_reply.size());
  }
  EXPECT_EQ(total, in.size());
  EXPECT_EQ(h.worker().get_hits.get(), 20u);
}

TEST(NodeSessionTest, SmallRepliesAreAllAnsweredInOneCall) {
  SessionHarness h;
  h.send("set a 0 0 1\r\nx\r\n");
  std::string in;
  for (int i = 0; i < 5000; ++i) in += "get a\r\n";  // 105 KB of replies
  EXPECT_EQ(h.send(in).size(), 5000u * 21);
}

}  // namespace
}  // namespace ringcache::node
