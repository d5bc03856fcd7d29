// md and ma through a session, replies as memcached 1.6.18 sent them.
#include <gtest/gtest.h>

#include <string>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

TEST(MetaDeleteTest, DeleteCompareAndQuiet) {
  SessionHarness h;
  h.send("ms foo 1\r\nx\r\n");
  EXPECT_EQ(h.send("md foo q\r\nmn\r\n"), "MN\r\n");
  EXPECT_EQ(h.send("md foo q\r\nmn\r\n"), "NF\r\nMN\r\n");
  EXPECT_EQ(h.send("md foo k O1\r\n"), "NF kfoo O1\r\n");
  h.send("ms y 1\r\ny\r\n");
  EXPECT_EQ(h.send("md y C0\r\n"), "EX\r\n");  // C0 is a compare value too
  EXPECT_EQ(h.send("md y C0 q\r\nmn\r\n"), "EX\r\nMN\r\n");
  EXPECT_EQ(h.send("md y O7 k C2\r\n"), "HD O7 ky\r\n");
  WorkerStats& w = h.worker();
  EXPECT_EQ(w.delete_hits.get(), 2u);
  EXPECT_EQ(w.delete_misses.get(), 4u);
}

TEST(MetaDeleteTest, InvalidateKeepsTheItemAndTDoesNothingWithoutI) {
  SessionHarness h;
  h.send("ms x 1 T0\r\nx\r\n");
  EXPECT_EQ(h.send("md x I T30\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg x t\r\n"), "HD t30 X W\r\n");
  EXPECT_EQ(h.send("mg x t\r\n"), "HD t30 Z X\r\n");
  EXPECT_EQ(h.send("md x I q\r\nmn\r\n"), "MN\r\n");
  EXPECT_EQ(h.worker().delete_hits.get(), 0u);  // invalidations are not delete hits
  EXPECT_EQ(h.send("md x T5\r\nmg x t\r\n"), "HD\r\nEN\r\n");
  EXPECT_EQ(h.send("md Zm9v b k\r\n"), "NF kZm9v b\r\n");
  EXPECT_EQ(h.send("md Zm9 b\r\n"), "CLIENT_ERROR invalid or duplicate flag\r\n");
}

TEST(MetaArithTest, IncrDecrVivifyAndReturnFlags) {
  SessionHarness h;
  EXPECT_EQ(h.send("ma cnt\r\n"), "NF\r\n");
  EXPECT_EQ(h.send("ma cnt q\r\nmn\r\n"), "NF\r\nMN\r\n");
  EXPECT_EQ(h.send("ma cnt N0 J10 v\r\n"), "VA 2\r\n10\r\n");
  EXPECT_EQ(h.send("ma cnt q v\r\nmn\r\n"), "MN\r\n");
  EXPECT_EQ(h.send("ma cnt v t c k O5\r\n"), "VA 2 t-1 c3 kcnt O5\r\n12\r\n");
  EXPECT_EQ(h.send("ma cnt MD D100 v\r\n"), "VA 1\r\n0\r\n");
  EXPECT_EQ(h.send("ma cnt N0 J10 v\r\n"), "VA 1\r\n1\r\n");
  EXPECT_EQ(h.send("ms x 1\r\na\r\nma x\r\n"),
            "HD\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
  EXPECT_EQ(h.send("ma x N0\r\n"),
            "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
}

TEST(MetaArithTest, QuietHidesOnlyAnUpdateAndTtlFlagsGoInOrder) {
  SessionHarness h;
  EXPECT_EQ(h.send("ma z q\r\nmn\r\n"), "NF\r\nMN\r\n");
  EXPECT_EQ(h.send("ma z q N0\r\nmn\r\n"), "HD\r\nMN\r\n");  // creation is shown
  EXPECT_EQ(h.send("ma z q C99\r\nmn\r\n"), "EX\r\nMN\r\n");
  EXPECT_EQ(h.send("ma z q v\r\nmn\r\n"), "MN\r\n");
  EXPECT_EQ(h.send("ma w t N30 v c\r\n"), "VA 1 t-1 c3\r\n0\r\n");
  EXPECT_EQ(h.send("ma w2 N30 t v\r\n"), "VA 1 t30\r\n0\r\n");
  EXPECT_EQ(h.send("ma w2 t T100 v\r\n"), "VA 1 t30\r\n1\r\n");
  EXPECT_EQ(h.send("ma w2 T100 t v\r\n"), "VA 1 t100\r\n2\r\n");
  EXPECT_EQ(h.send("ma w2 D5 MI c\r\n"), "HD c7\r\n");
  EXPECT_EQ(h.send("ma w2 M+ D1 v\r\nma w2 M- D3 v\r\n"), "VA 1\r\n8\r\nVA 1\r\n5\r\n");
}

TEST(MetaArithTest, WrapsFloorsAndGrows) {
  SessionHarness h;
  EXPECT_EQ(h.send("ma n N0 J18446744073709551615 v\r\n"), "VA 20\r\n18446744073709551615\r\n");
  EXPECT_EQ(h.send("ma n v\r\n"), "VA 1\r\n0\r\n");
  EXPECT_EQ(h.send("ma n v MD D18446744073709551615\r\n"), "VA 1\r\n0\r\n");
  // A shorter number is written in place, padded; a longer one is a new item.
  h.send("ms h 1\r\n9\r\nmg h v\r\nma h\r\n");
  EXPECT_EQ(h.send("mg h h v\r\n"), "VA 2 h0\r\n10\r\n");
  h.send("ma h MD\r\n");
  EXPECT_EQ(h.send("mg h h v\r\n"), "VA 2 h1\r\n9 \r\n");
  h.send("md h I\r\nma h\r\n");  // in place: still stale
  EXPECT_EQ(h.send("mg h h v c\r\n"), "VA 2 h1 c8 X W\r\n10\r\n");
  h.send("ma h D100\r\n");  // grown: a fresh item
  EXPECT_EQ(h.send("mg h h v c\r\n"), "VA 3 h0 c9\r\n110\r\n");
}

TEST(MetaArithTest, CountsAsMemcachedDoes) {
  SessionHarness h;
  h.send("ma n\r\nma n N0\r\nma n\r\nma n MD\r\nma n2 MD\r\nma n2 MD N0\r\nma n C1\r\n");
  WorkerStats& w = h.worker();
  EXPECT_EQ(w.incr_misses.get(), 1u);
  EXPECT_EQ(w.incr_hits.get(), 1u);
  EXPECT_EQ(w.decr_hits.get(), 1u);
  EXPECT_EQ(w.decr_misses.get(), 1u);
  EXPECT_EQ(h.cache().stats().total_items, 2u);
  EXPECT_EQ(h.send("ma Zm9v b k\r\nma Zm9 b\r\n"),
            "NF kZm9v b\r\nCLIENT_ERROR invalid or duplicate flag\r\n");
}

TEST(MetaDebugTest, MeShowsMemcachedsFieldsWithoutBumping) {
  SessionHarness h;
  h.send("ms foo 3 F5 T100\r\nbar\r\n");
  h.clock().advance(7);
  EXPECT_EQ(h.send("me foo\r\n"), "ME foo exp=-93 la=7 cas=1 fetch=no cls=1 size=69\r\n");
  EXPECT_EQ(h.send("me foo\r\n"), "ME foo exp=-93 la=7 cas=1 fetch=no cls=1 size=69\r\n");
  EXPECT_EQ(h.send("me nothere\r\n"), "EN\r\n");
  EXPECT_EQ(h.send("ms Zm9vYg== 2 b\r\nhi\r\nme foob\r\n"),
            "HD\r\nME Zm9vYg== exp=-1 la=0 cas=2 fetch=no cls=1 size=65\r\n");
  EXPECT_EQ(h.send("me Zm9vYg== b\r\n"),
            "ME Zm9vYg== exp=-1 la=0 cas=2 fetch=no cls=1 size=65\r\n");
  EXPECT_EQ(h.send("me Zm9 b\r\nme Zm9v x\r\nme\r\n"),
            "CLIENT_ERROR bad command line format\r\nEN\r\n"
            "CLIENT_ERROR bad command line format\r\n");
  EXPECT_EQ(h.worker().cmd_meta.get(), 6u);
}

TEST(MetaDebugTest, SlabClassFollowsMemcachedsDefaultSizes) {
  SessionHarness h;
  h.send("ms a 40\r\n" + std::string(40, 'x') + "\r\n");  // 48+8+2+42 = 100 > 96
  EXPECT_EQ(h.send("me a\r\n"), "ME a exp=-1 la=0 cas=1 fetch=no cls=2 size=100\r\n");
  const std::string big(600000, 'x');
  h.send("ms big 600000\r\n" + big + "\r\n");
  EXPECT_EQ(h.send("me big\r\n"), "ME big exp=-1 la=0 cas=2 fetch=no cls=39 size=600062\r\n");
}

}  // namespace
}  // namespace ringcache::node
