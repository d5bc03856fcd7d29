// Meta get (mg) through the real binaries: each flag group, quiet mode, base64 keys and the
// invalidation flags (N vivify, R recache), with memcached 1.6's exact reply bytes.
#include "tests/integration/reply_pattern.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using MetaGetTest = ServerTest;
RINGCACHE_SERVER_SUITE(MetaGetTest);

TEST_P(MetaGetTest, MissIsENAndQuietHidesIt) {
  TestClient c = connect();
  EXPECT_REPLY(c, "mg nope\r\n", "EN\r\n");
  // k and O still come back with a miss, so a pipelining client can match it up.
  EXPECT_REPLY(c, "mg nope v k O7\r\n", "EN knope O7\r\n");
  // q hides the miss; mn proves nothing else was sent before it.
  EXPECT_REPLY(c, "mg nope v q\r\nmg nope q k\r\nmn\r\n", "MN\r\n");
}

TEST_P(MetaGetTest, HitWithoutFlagsIsHDAndQuietStillAnswersHits) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms foo 3\r\nbar\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg foo\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg foo q k\r\nmn\r\n", "HD kfoo\r\nMN\r\n");
  EXPECT_REPLY(c, "mg foo v q\r\nmn\r\n", "VA 3\r\nbar\r\nMN\r\n");
}

TEST_P(MetaGetTest, ValueKeyFlagsSizeAndOpaqueInRequestOrder) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms foo 3 F5\r\nbar\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg foo k v f s O123\r\n", "VA 3 kfoo f5 s3 O123\r\nbar\r\n");
  EXPECT_REPLY(c, "mg foo O1 s f k v\r\n", "VA 3 O1 s3 f5 kfoo\r\nbar\r\n");
  EXPECT_REPLY(c, "mg foo s f\r\n", "HD s3 f5\r\n");
  // Text and meta share items: the text protocol sees the same flags and value.
  EXPECT_REPLY(c, "get foo\r\n", "VALUE foo 5 3\r\nbar\r\nEND\r\n");
}

TEST_P(MetaGetTest, TtlIsReportedAndTUpdatesIt) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms forever 1 T0\r\nx\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg forever t v\r\n", "VA 1 t-1\r\nx\r\n");
  EXPECT_REPLY(c, "ms short 1 T100\r\nx\r\n", "HD\r\n");
  auto ttl = call_like(c, "mg short t\r\n", "HD t#\r\n");
  ASSERT_TRUE(ttl);
  EXPECT_GE((*ttl)[0], 99);
  EXPECT_LE((*ttl)[0], 100);
  // T touches: the TTL becomes the new one, and T0 means never.
  auto touched = call_like(c, "mg short T1000 t\r\n", "HD t#\r\n");
  ASSERT_TRUE(touched);
  EXPECT_GE((*touched)[0], 999);
  EXPECT_LE((*touched)[0], 1000);
  EXPECT_REPLY(c, "mg short T0 t\r\n", "HD t-1\r\n");
  EXPECT_REPLY(c, "mg short t\r\n", "HD t-1\r\n");
}

TEST_P(MetaGetTest, CasMatchesTheOneMsReturnedAndChangesOnWrite) {
  TestClient c = connect();
  auto set = call_like(c, "ms k 1 c\r\nx\r\n", "HD c#\r\n");
  ASSERT_TRUE(set);
  auto got = call_like(c, "mg k c v\r\n", "VA 1 c#\r\nx\r\n");
  ASSERT_TRUE(got);
  EXPECT_EQ((*got)[0], (*set)[0]);
  EXPECT_GT((*got)[0], 0);
  auto reset = call_like(c, "ms k 1 c\r\ny\r\n", "HD c#\r\n");
  ASSERT_TRUE(reset);
  EXPECT_NE((*reset)[0], (*set)[0]);
  // The text protocol's gets shows the same unique.
  auto gets = call_like(c, "gets k\r\n", "VALUE k 0 1 #\r\ny\r\nEND\r\n");
  ASSERT_TRUE(gets);
  EXPECT_EQ((*gets)[0], (*reset)[0]);
}

TEST_P(MetaGetTest, HitBeforeAndLastAccess) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms k 1\r\nx\r\n", "HD\r\n");
  auto first = call_like(c, "mg k h l\r\n", "HD h0 l#\r\n");
  ASSERT_TRUE(first);
  EXPECT_GE((*first)[0], 0);
  EXPECT_LE((*first)[0], 2);
  EXPECT_TRUE(call_like(c, "mg k h l\r\n", "HD h1 l#\r\n"));
  EXPECT_TRUE(call_like(c, "mg k l h\r\n", "HD l# h1\r\n"));
}

TEST_P(MetaGetTest, VivifyOnMissHandsOutOneWin) {
  TestClient c = connect();
  // The first miss creates an empty placeholder and wins (W): it should fetch and ms.
  auto win = call_like(c, "mg nk N30 v c t s\r\n", "VA 0 c# t# s0 W\r\n\r\n");
  ASSERT_TRUE(win);
  EXPECT_GE((*win)[1], 29);
  EXPECT_LE((*win)[1], 30);
  // Later readers see the placeholder and that a win is already out (Z).
  EXPECT_TRUE(call_like(c, "mg nk N30 v c\r\n", "VA 0 c# Z\r\n\r\n"));
  EXPECT_TRUE(call_like(c, "mg nk v c\r\n", "VA 0 c# Z\r\n\r\n"));
  EXPECT_REPLY(c, "ms nk 2\r\nhi\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg nk v\r\n", "VA 2\r\nhi\r\n");
  EXPECT_REPLY(c, "mg nk N30 v\r\n", "VA 2\r\nhi\r\n");
}

TEST_P(MetaGetTest, RecacheWinsOnceWhenTtlIsBelowTheThreshold) {
  TestClient c = connect();
  EXPECT_REPLY(c, "mg abc R30 v\r\n", "EN\r\n");
  EXPECT_REPLY(c, "ms abc 1 T100\r\nz\r\n", "HD\r\n");
  EXPECT_TRUE(call_like(c, "mg abc R30 v t\r\n", "VA 1 t#\r\nz\r\n"));
  EXPECT_TRUE(call_like(c, "mg abc R200 v t\r\n", "VA 1 t# W\r\nz\r\n"));
  EXPECT_TRUE(call_like(c, "mg abc R200 v t\r\n", "VA 1 t# Z\r\nz\r\n"));
}

TEST_P(MetaGetTest, Base64KeysNameTheSameItemsAsPlainKeys) {
  TestClient c = connect();
  // "Zm9v" is base64 for "foo".
  EXPECT_REPLY(c, "ms Zm9v 2 b\r\nhi\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg Zm9v b k v\r\n", "VA 2 kZm9v b\r\nhi\r\n");
  // The item remembers that its key came in base64, and returns it that way.
  EXPECT_REPLY(c, "mg foo k v\r\n", "VA 2 kZm9v b\r\nhi\r\n");
  EXPECT_REPLY(c, "get foo\r\n", "VALUE foo 0 2\r\nhi\r\nEND\r\n");
  EXPECT_REPLY(c, "set bar 0 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "mg YmFy b v\r\n", "VA 1\r\nx\r\n");
  EXPECT_REPLY(c, "mg YmFy b k v\r\n", "VA 1 kbar\r\nx\r\n");
  EXPECT_REPLY(c, "mg bar k v\r\n", "VA 1 kbar\r\nx\r\n");
  // A key that is not base64: refused, and ms's data block is dropped with it.
  EXPECT_REPLY(c, "ms b64! 2 b\r\nhi\r\nmn\r\n", "CLIENT_ERROR error decoding key\r\nMN\r\n");
}

TEST_P(MetaGetTest, MalformedRequestsGetMemcachedsErrors) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms e 1\r\nx\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "mg e zz\r\n", "CLIENT_ERROR invalid flag\r\n");
  EXPECT_REPLY(c, "mg e v v\r\n", "CLIENT_ERROR duplicate flag\r\n");
  EXPECT_REPLY(c, "mg " + std::string(251, 'k') + " v\r\n",
               "CLIENT_ERROR bad command line format\r\n");
  EXPECT_REPLY(c, "mg " + std::string(250, 'k') + " v\r\n", "EN\r\n");
  // The connection still works after every error.
  EXPECT_REPLY(c, "mg e v\r\n", "VA 1\r\nx\r\n");
}

}  // namespace
}  // namespace ringcache::integration
