// mg through a session: every reply below is what memcached 1.6.18 sent for the same
// bytes on a fresh server (CAS values count from 1 there too).
#include <gtest/gtest.h>

#include <string>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

TEST(MetaGetTest, MissIsEnWithOpaqueAndKeyAndQuietHidesIt) {
  SessionHarness h;
  EXPECT_EQ(h.send("mg foo v\r\n"), "EN\r\n");
  EXPECT_EQ(h.send("mg foo q v\r\nmn\r\n"), "MN\r\n");
  EXPECT_EQ(h.send("mg foo k O123 q\r\nmn\r\n"), "MN\r\n");
  EXPECT_EQ(h.send("mg foo k O123\r\n"), "EN kfoo O123\r\n");
  EXPECT_EQ(h.send("mg YmF6 b k v\r\n"), "EN kYmF6 b\r\n");
}

TEST(MetaGetTest, HitFlagsComeBackInRequestOrder) {
  SessionHarness h;
  EXPECT_EQ(h.send("ms foo 3 T0 F5\r\nbar\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg foo\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg foo q\r\nmn\r\n"), "HD\r\nMN\r\n");  // q hides only EN
  EXPECT_EQ(h.send("mg foo v q\r\nmn\r\n"), "VA 3\r\nbar\r\nMN\r\n");
  EXPECT_EQ(h.send("mg foo s v f t c k O99 h l\r\n"),
            "VA 3 s3 f5 t-1 c1 kfoo O99 h1 l0\r\nbar\r\n");
  EXPECT_EQ(h.send("mg foo O99 k c f s t h l v\r\n"),
            "VA 3 O99 kfoo c1 f5 s3 t-1 h1 l0\r\nbar\r\n");
  EXPECT_EQ(h.send("mg foo P/x L/y v\r\n"), "VA 3\r\nbar\r\n");  // ignored hints
}

TEST(MetaGetTest, HitAndLastAccessAsMemcachedBumps) {
  SessionHarness h;
  h.send("ms la 1\r\nx\r\n");
  h.clock().advance(2);
  EXPECT_EQ(h.send("mg la l h\r\n"), "HD l2 h0\r\n");
  h.clock().advance(3);  // the first read did not move the access time
  EXPECT_EQ(h.send("mg la l h\r\n"), "HD l5 h1\r\n");
  h.clock().advance(2);
  EXPECT_EQ(h.send("mg la l h\r\n"), "HD l2 h1\r\n");
  h.clock().advance(4);
  EXPECT_EQ(h.send("mg la u l h\r\n"), "HD l4 h1\r\n");
  EXPECT_EQ(h.send("mg la u l h\r\n"), "HD l4 h1\r\n");  // u: no bump
  h.send("ms un 1\r\nx\r\n");
  EXPECT_EQ(h.send("mg un u h\r\nmg un u h\r\nmg un h\r\nmg un h\r\n"),
            "HD h0\r\nHD h0\r\nHD h0\r\nHD h1\r\n");
}

TEST(MetaGetTest, BinaryKeysDecodeAndComeBackEncoded) {
  SessionHarness h;
  EXPECT_EQ(h.send("ms Zm9vYg== 2 b k c\r\nhi\r\n"), "HD kZm9vYg== b c1\r\n");
  EXPECT_EQ(h.send("mg foob v k\r\n"), "VA 2 kZm9vYg== b\r\nhi\r\n");
  EXPECT_EQ(h.send("mg Zm9vYg== b v k\r\n"), "VA 2 kZm9vYg== b\r\nhi\r\n");
  h.send("ms foo 3\r\nbar\r\n");
  EXPECT_EQ(h.send("mg Zm9v b k v\r\n"), "VA 3 kfoo\r\nbar\r\n");  // stored plain
  EXPECT_EQ(h.send("mg Zm9v! b v k\r\n"), "VA 3 kfoo\r\nbar\r\n");
  h.send("ms AA== 1 b k\r\nx\r\n");
  EXPECT_EQ(h.send("mg AA== b k v s\r\n"), "VA 1 kAA== b s1\r\nx\r\n");
  EXPECT_EQ(h.send("mg QQ==QUFB b k v\r\n"), "EN kQQ== b\r\n");
  EXPECT_EQ(h.send("mg Q=Q= b k v\r\n"), "EN kQA== b\r\n");
}

TEST(MetaGetTest, KeysThatDoNotDecodeAndFlagErrors) {
  SessionHarness h;
  EXPECT_EQ(h.send("mg !!!! b v\r\n"), "CLIENT_ERROR error decoding key\r\n");
  EXPECT_EQ(h.send("mg ==== b v\r\n"), "CLIENT_ERROR error decoding key\r\n");
  // The error of the last bad flag in the scan wins.
  EXPECT_EQ(h.send("mg Zm9 T- b v\r\n"), "CLIENT_ERROR error decoding key\r\n");
  EXPECT_EQ(h.send("mg Zm9 b T- v\r\n"), "CLIENT_ERROR bad token in command line format\r\n");
  EXPECT_EQ(h.send("mg t E5\r\n"), "CLIENT_ERROR invalid flag\r\n");
  EXPECT_EQ(h.send("mg a t T10 t\r\n"), "CLIENT_ERROR duplicate flag\r\n");
}

TEST(MetaGetTest, TouchUpdatesTtlInFlagOrder) {
  SessionHarness h;
  h.send("ms a 1 T100\r\nx\r\n");
  EXPECT_EQ(h.send("mg a t R20 T10 v\r\n"), "VA 1 t100\r\nx\r\n");  // t before T: old TTL
  EXPECT_EQ(h.send("mg a v t\r\n"), "VA 1 t10\r\nx\r\n");
  EXPECT_EQ(h.send("mg a T0 v t\r\n"), "VA 1 t-1\r\nx\r\n");
  // Expired by T-1 but still returned this once; memcached prints the TTL as an
  // unsigned difference on its relative clock (uptime 100 s + 60 here).
  EXPECT_EQ(h.send("mg a T-1 v t\r\n"), "VA 1 t4294967137\r\nx\r\n");
  EXPECT_EQ(h.send("mg a v\r\n"), "EN\r\n");
}

TEST(MetaGetTest, VivifyOnMissHandsOutOneWinThenZ) {
  SessionHarness h;
  EXPECT_EQ(h.send("mg viv N30 v c t s\r\n"), "VA 0 c1 t30 s0 W\r\n\r\n");
  h.clock().advance(1);
  EXPECT_EQ(h.send("mg viv N30 v c t s\r\n"), "VA 0 c1 t29 s0 Z\r\n\r\n");
  EXPECT_EQ(h.send("mg viv v\r\n"), "VA 0 Z\r\n\r\n");
  EXPECT_EQ(h.send("me viv\r\n"), "ME viv exp=-29 la=0 cas=1 fetch=yes cls=1 size=62\r\n");
  // T then N: N decides for a new item; N then T: T does.
  EXPECT_EQ(h.send("mg n2 N0 T10 v t\r\n"), "VA 0 t10 W\r\n\r\n");
  EXPECT_EQ(h.send("mg n3 T10 N0 v t\r\n"), "VA 0 t-1 W\r\n\r\n");
  // A vivified binary key is kept as plain bytes, as memcached does.
  EXPECT_EQ(h.send("mg YmFy b N30 k v\r\n"), "VA 0 kbar W\r\n\r\n");
  EXPECT_EQ(h.send("mg bar k v\r\n"), "VA 0 kbar Z\r\n\r\n");
  // A real store ends the race.
  EXPECT_EQ(h.send("ms viv 3 T100\r\nnew\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg viv v t c\r\n"), "VA 3 t100 c5\r\nnew\r\n");
}

TEST(MetaGetTest, RecacheWinsOnceWhenTheTtlDropsBelowTheToken) {
  SessionHarness h;
  h.send("ms viv 3 T100\r\nnew\r\n");
  EXPECT_EQ(h.send("mg viv R30 v t\r\n"), "VA 3 t100\r\nnew\r\n");
  EXPECT_EQ(h.send("mg viv R200 v t\r\n"), "VA 3 t100 W\r\nnew\r\n");
  EXPECT_EQ(h.send("mg viv R200 v t\r\n"), "VA 3 t100 Z\r\nnew\r\n");
  h.send("ms never 1 T0\r\nx\r\n");
  EXPECT_EQ(h.send("mg never R100 v\r\n"), "VA 1\r\nx\r\n");  // no TTL: never wins
}

TEST(MetaGetTest, StaleItemsShowXAndGiveTheTokenToOneReader) {
  SessionHarness h;
  h.send("ms viv 3 T100\r\nnew\r\n");
  EXPECT_EQ(h.send("md viv I T30\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg viv v t c\r\n"), "VA 3 t30 c2 X W\r\nnew\r\n");
  EXPECT_EQ(h.send("mg viv v t c\r\n"), "VA 3 t30 c2 Z X\r\nnew\r\n");
  EXPECT_EQ(h.send("mg viv\r\n"), "HD Z X\r\n");
  EXPECT_EQ(h.send("ms viv 3 C1\r\nabc\r\n"), "EX\r\n");  // the old CAS, without I
  EXPECT_EQ(h.send("md viv I\r\n"), "HD\r\n");          // a new invalidation: new race
  EXPECT_EQ(h.send("mg viv v c\r\n"), "VA 3 c3 X W\r\nnew\r\n");
  // A late writer with an older CAS and I: stored, still stale, token and TTL kept.
  h.clock().advance(2);
  EXPECT_EQ(h.send("ms viv 3 I C2\r\nold\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg viv v c t\r\n"), "VA 3 c4 t28 Z X\r\nold\r\n");
  EXPECT_EQ(h.send("ms viv 3\r\nfin\r\n"), "HD\r\n");
  EXPECT_EQ(h.send("mg viv v c t\r\n"), "VA 3 c5 t-1\r\nfin\r\n");
}

TEST(MetaGetTest, CountsAsMemcachedDoes) {
  SessionHarness h;
  h.send("mg a v\r\nmg a\r\nmg a q\r\n");
  WorkerStats& w = h.worker();
  EXPECT_EQ(w.cmd_get.get(), 3u);
  EXPECT_EQ(w.get_misses.get(), 3u);
  h.send("ms a 1\r\nx\r\nmg a\r\n");
  EXPECT_EQ(w.get_hits.get(), 1u);
  h.send("mg a v T10\r\n");  // a hit with T is a touch, not a get
  EXPECT_EQ(w.cmd_touch.get(), 1u);
  EXPECT_EQ(w.touch_hits.get(), 1u);
  EXPECT_EQ(w.cmd_get.get(), 4u);
  h.send("mg b T10\r\n");  // a miss with T is a get miss
  EXPECT_EQ(w.get_misses.get(), 4u);
  EXPECT_EQ(w.touch_misses.get(), 0u);
  h.send("mg c N10\r\n");  // vivified: a hit
  EXPECT_EQ(w.get_hits.get(), 2u);
  EXPECT_EQ(w.cmd_meta.get(), 0u);  // memcached counts only me there
  h.clock().advance(10);
  h.send("mg a\r\n");
  EXPECT_EQ(w.get_expired.get(), 1u);
}

}  // namespace
}  // namespace ringcache::node
