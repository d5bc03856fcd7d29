// Text and meta commands mixed on one connection, pipelined and split anywhere: answered
// in order, byte for byte as memcached 1.6.18 answered the same stream.
#include <gtest/gtest.h>

#include <string>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

const std::string kStream =
    "set t 0 0 1\r\nt\r\n"
    "mg t v s f\r\n"
    "get t\r\n"
    "mn\r\n"
    "gets t\r\n"
    "mg t c\r\n"
    "ms m 2 T0 F3 c\r\nmm\r\n"
    "mg missing q v\r\n"
    "incr t 1\r\n"
    "ma m N0\r\n"
    "mg m k v O9 q\r\n"
    "delete t\r\n"
    "md t q\r\n"
    "mn\r\n";

const std::string kReplies =
    "STORED\r\n"
    "VA 1 s1 f0\r\nt\r\n"
    "VALUE t 0 1\r\nt\r\nEND\r\n"
    "MN\r\n"
    "VALUE t 0 1 1\r\nt\r\nEND\r\n"
    "HD c1\r\n"
    "HD c2\r\n"
    "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
    "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
    "VA 2 km O9\r\nmm\r\n"
    "DELETED\r\n"
    "NF\r\n"
    "MN\r\n";

TEST(MetaPipelineTest, MixedTextAndMetaAnsweredInOrder) {
  SessionHarness h;
  EXPECT_EQ(h.send(kStream), kReplies);
}

TEST(MetaPipelineTest, SplitAtEveryOffsetGivesTheSameReplies) {
  for (std::size_t cut = 1; cut < kStream.size(); ++cut) {
    SessionHarness h;
    std::string out;
    std::string pending = kStream.substr(0, cut);
    pending.erase(0, h.feed(pending, out));
    pending += kStream.substr(cut);
    pending.erase(0, h.feed(pending, out));
    EXPECT_TRUE(pending.empty()) << cut;
    EXPECT_EQ(out, kReplies) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace ringcache::node
