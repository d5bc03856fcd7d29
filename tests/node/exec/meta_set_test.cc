// ms through a session, replies as memcached 1.6.18 sent them for the same bytes.
#include <gtest/gtest.h>

#include <string>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

TEST(MetaSetTest, ModesAddAppendPrependReplaceSet) {
  SessionHarness h;
  EXPECT_EQ(h.send("ms k 2 ME\r\nv1\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("ms k 2 ME\r\nv2\r\n"), "NS\r\n");
  EXPECT_EQ(h.send("ms k 2 MA\r\n+a\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("ms k 2 MP\r\np-\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg k v c f t\r\n"), "VA 6 c3 f0 t-1\r\np-v1+a\r\n");
  EXPECT_EQ(h.send("ms k 1 MR F7 T50\r\nR\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg k v f t\r\n"), "VA 1 f7 t50\r\nR\r\n");
  EXPECT_EQ(h.send("ms k 1 MS\r\nS\r\nget k\r\n"), "HD\r\nVALUE k 0 1\r\nS\r\nEND\r\n");
  for (const char* mode : {"MR", "MA", "MP"}) {
    EXPECT_EQ(h.send(std::string("ms none 1 ") + mode + "\r\nR\r\n"), "NS\r\n") << mode;
  }
}

TEST(MetaSetTest, CompareCasInEachMode) {
  SessionHarness h;
  h.send("ms k 1\r\nx\r\n");
  EXPECT_EQ(h.send("ms k 1 MA C9\r\nz\r\n"), "EX\r\n");
  EXPECT_EQ(h.send("ms none 1 MA C1\r\nz\r\n"), "NS\r\n");
  EXPECT_EQ(h.send("ms none 1 C1\r\nz\r\n"), "NF\r\n");
  EXPECT_EQ(h.send("ms none 1 MR C1\r\nz\r\n"), "NF\r\n");
  EXPECT_EQ(h.send("ms none 1 ME C1\r\nz\r\n"), "HD\r\n");  // add ignores C
  EXPECT_EQ(h.send("ms none 1 ME C1\r\nz\r\n"), "NS\r\n");
  EXPECT_EQ(h.send("ms k 1 C1 c\r\ny\r\n"), "HD c3\r\n");
  EXPECT_EQ(h.send("ms k 1 C0 c\r\ny\r\n"), "EX c0\r\n");
  WorkerStats& w = h.worker();
  EXPECT_EQ(w.cas_hits.get(), 1u);
  EXPECT_EQ(w.cas_badval.get(), 1u);
  EXPECT_EQ(w.cas_misses.get(), 2u);
  EXPECT_EQ(w.cmd_set.get(), 9u);
}

TEST(MetaSetTest, QuietHidesOnlySuccessAndReturnFlagsFollowTheRequest) {
  SessionHarness h;
  h.send("ms k 1\r\nx\r\n");
  EXPECT_EQ(h.send("ms k 1 MS c k O1 q\r\nz\r\nmn\r\n"), "MN\r\n");
  EXPECT_EQ(h.send("ms k 1 ME c k O1 q\r\nz\r\nmn\r\n"), "NS c0 kk O1\r\nMN\r\n");
  EXPECT_EQ(h.send("ms k 1 C99999 c k O1 q\r\nz\r\nmn\r\n"), "EX c0 kk O1\r\nMN\r\n");
  EXPECT_EQ(h.send("ms k 1 O5 k c\r\nz\r\n"), "HD O5 kk c3\r\n");
}

TEST(MetaSetTest, BinaryKeys) {
  SessionHarness h;
  EXPECT_EQ(h.send("ms Zm9vYg== 2 b k c\r\nhi\r\n"), "HD kZm9vYg== b c1\r\n");
  EXPECT_EQ(h.send("get foob\r\n"), "VALUE foob 0 2\r\nhi\r\nEND\r\n");
  EXPECT_EQ(h.send("ms Zm9 2 b\r\nab\r\nmn\r\n"), "CLIENT_ERROR error decoding key\r\nMN\r\n");
  EXPECT_EQ(h.send("ms Zm9 2 b T-\r\nab\r\nmn\r\n"),
            "CLIENT_ERROR bad token in command line format\r\nMN\r\n");
  // Appending makes a new item, which memcached does not mark binary.
  h.send("ms Zm9v 1 b\r\nv\r\nms Zm9v 1 b MA\r\nw\r\n");
  EXPECT_EQ(h.send("mg foo k v\r\n"), "VA 2 kfoo\r\nvw\r\n");
}

TEST(MetaSetTest, ErrorsAfterTheLengthSwallowTheDataBlock) {
  SessionHarness h;
  EXPECT_EQ(h.send("ms k 1 c F0 T0 S1\r\nz\r\nmn\r\n"), "CLIENT_ERROR invalid flag\r\nMN\r\n");
  EXPECT_EQ(h.send("ms Zm9v 3 b c k O1 MX\r\nxxx\r\nmn\r\n"),
            "CLIENT_ERROR invalid mode for ms M token\r\nMN\r\n");
  EXPECT_EQ(h.send("ms k 3 q\r\nxxxxx\r\nmn\r\n"),
            "CLIENT_ERROR bad data chunk\r\nERROR\r\nMN\r\n");
}

TEST(MetaSetTest, TooLargeIsRefusedAndDropsTheOldValueInAnyMode) {
  SessionHarness h;
  h.send("ms big 1\r\nx\r\n");
  const std::string data(2000000, 'x');
  EXPECT_EQ(h.send("ms big 2000000 MA c k\r\n" + data + "\r\nmn\r\n"),
            "SERVER_ERROR object too large for cache\r\nMN\r\n");
  EXPECT_EQ(h.send("mg big v\r\n"), "EN\r\n");
  EXPECT_EQ(h.worker().store_too_large.get(), 1u);
  EXPECT_EQ(h.worker().cmd_set.get(), 1u);
  // A base64 key that does not decode is reported before the size.
  EXPECT_EQ(h.send("ms Zm9 2000000 b\r\n" + data + "\r\nmn\r\n"),
            "CLIENT_ERROR error decoding key\r\nMN\r\n");
}

TEST(MetaSetTest, TtlAndNegativeTtl) {
  SessionHarness h;
  EXPECT_EQ(h.send("ms e 1 T-1\r\nx\r\nmg e v\r\n"), "HD\r\nEN\r\n");
  h.send("ms e 1 T1\r\nx\r\n");
  EXPECT_EQ(h.send("mg e v\r\n"), "VA 1\r\nx\r\n");
  h.clock().advance(1);
  EXPECT_EQ(h.send("mg e v\r\n"), "EN\r\n");
}

TEST(MetaSetTest, WithoutCasEveryCasIsZero) {
  Settings s;
  s.use_cas = false;
  SessionHarness h(s);
  EXPECT_EQ(h.send("ms a 1 c\r\nx\r\n"), "HD c0\r\n");
  EXPECT_EQ(h.send("mg a c v\r\n"), "VA 1 c0\r\nx\r\n");
  EXPECT_EQ(h.send("me a\r\n"), "ME a exp=-1 la=0 cas=0 fetch=yes cls=1 size=53\r\n");
  EXPECT_EQ(h.send("md a C0 I\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg a c v\r\n"), "VA 1 c0 X W\r\nx\r\n");
  EXPECT_EQ(h.send("md a C5\r\n"), "EX\r\n");
  EXPECT_EQ(h.send("ms a 1 C0 c\r\ny\r\n"), "EX c0\r\n");
  EXPECT_EQ(h.send("ms a 1 C5 MA\r\ny\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("ms a 1 C5 I\r\ny\r\n"), "EX\r\n");
  EXPECT_EQ(h.send("ma n N0 c v\r\n"), "VA 1 c0\r\n0\r\n");
  EXPECT_EQ(h.send("ma n C5 c v\r\n"), "EX\r\n");
  EXPECT_EQ(h.send("mg a c v\r\n"), "VA 2 c0\r\nxy\r\n");
}

}  // namespace
}  // namespace ringcache::node
