// Meta commands as clients really send them: pipelines of quiet commands closed by mn (the
// pattern of memcached's proxy and of meta client libraries), text and meta interleaved on
// one connection, and the mn/me commands themselves.
#include "tests/integration/reply_pattern.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using MetaPipelineTest = ServerTest;
RINGCACHE_SERVER_SUITE(MetaPipelineTest);

TEST_P(MetaPipelineTest, QuietPipelineEndingInMnShowsOnlyWhatMatters) {
  TestClient c = connect();
  EXPECT_REPLY(c,
               "ms qa 1 q\r\n1\r\n"      // stored: silent
               "ms qb 1 q\r\n2\r\n"      // stored: silent
               "mg qa v q\r\n"           // hit: value
               "mg qzz v q\r\n"          // miss: silent
               "mg qb k v q\r\n"         // hit: value
               "md qb q\r\n"             // deleted: silent
               "md qzz q\r\n"            // not found: NF
               "ma qc q N0 J5\r\n"       // auto-created: HD (memcached still answers)
               "ma qc q\r\n"             // incremented: silent
               "ms qa 1 q MR\r\n3\r\n"   // replaced: silent
               "ms qzz 1 q MR\r\n4\r\n"  // nothing to replace: NS
               "mg qc v q\r\n"
               "mn\r\n",
               "VA 1\r\n1\r\nVA 1 kqb\r\n2\r\nNF\r\nHD\r\nNS\r\nVA 1\r\n6\r\nMN\r\n");
  EXPECT_REPLY(c, "mg qa v\r\nmg qb v\r\n", "VA 1\r\n3\r\nEN\r\n");
}

TEST_P(MetaPipelineTest, ManyQuietGetsThenMn) {
  TestClient c = connect();
  std::string sets, gets, expected;
  for (int i = 0; i < 200; ++i) {
    const std::string key = "k" + std::to_string(i);
    if (i % 3 == 0) {
      sets += "ms " + key + " " + std::to_string(key.size()) + " q\r\n" + key + "\r\n";
      expected += "VA " + std::to_string(key.size()) + " k" + key + "\r\n" + key + "\r\n";
    }
    gets += "mg " + key + " k v q\r\n";
  }
  EXPECT_REPLY(c, sets + gets + "mn\r\n", expected + "MN\r\n");
}

TEST_P(MetaPipelineTest, TextAndMetaMixedAreAnsweredInOrder) {
  TestClient c = connect();
  EXPECT_REPLY(c,
               "set a 0 0 1\r\nx\r\n"
               "mg a v\r\n"
               "get a\r\n"
               "ms b 1 T0 F3\r\n7\r\n"
               "get a b\r\n"
               "md a\r\n"
               "delete a\r\n"
               "incr b 1\r\n"
               "ma b v\r\n"
               "mn\r\n"
               "bogus\r\n"
               "mg b v f\r\n",
               "STORED\r\nVA 1\r\nx\r\nVALUE a 0 1\r\nx\r\nEND\r\nHD\r\n"
               "VALUE a 0 1\r\nx\r\nVALUE b 3 1\r\n7\r\nEND\r\nHD\r\nNOT_FOUND\r\n8\r\n"
               "VA 1\r\n9\r\nMN\r\nERROR\r\nVA 1 f3\r\n9\r\n");
}

// A refused request must leave nothing behind for the next one on the connection.
TEST_P(MetaPipelineTest, AnOverlongOpaqueDoesNotAffectLaterCommands) {
  TestClient c = connect();
  const std::string opaque(40, '1');
  EXPECT_REPLY(c, "mg foo v O" + opaque + "\r\n", "CLIENT_ERROR opaque token too long\r\n");
  EXPECT_REPLY(c, "ms m 1 MS\r\ns\r\nmg m v\r\nma n N0 J1 v\r\nmd m\r\n",
               "HD\r\nVA 1\r\ns\r\nVA 1\r\n1\r\nHD\r\n");
  EXPECT_REPLY(c, "mg m v O12\r\nmg m v\r\n", "EN O12\r\nEN\r\n");
}

TEST_P(MetaPipelineTest, MetaNoopIgnoresItsArguments) {
  TestClient c = connect();
  EXPECT_REPLY(c, "mn\r\n", "MN\r\n");
  EXPECT_REPLY(c, "mn O5\r\nmn q\r\n", "MN\r\nMN\r\n");
}

TEST_P(MetaPipelineTest, MetaDebugDescribesAnItem) {
  TestClient c = connect();
  EXPECT_REPLY(c, "me nope\r\n", "EN\r\n");
  EXPECT_REPLY(c, "me\r\n", "CLIENT_ERROR bad command line format\r\n");
  auto set = call_like(c, "ms e 3 T0 c\r\nabc\r\n", "HD c#\r\n");
  ASSERT_TRUE(set);
  // Slab class and item size are memcached's memory layout: only their form is checked.
  auto fresh = call_like(c, "me e\r\n", "ME e exp=-1 la=# cas=# fetch=no cls=# size=#\r\n");
  ASSERT_TRUE(fresh);
  EXPECT_EQ((*fresh)[1], (*set)[0]);
  EXPECT_REPLY(c, "mg e v\r\n", "VA 3\r\nabc\r\n");
  EXPECT_TRUE(call_like(c, "me e\r\n", "ME e exp=-1 la=# cas=# fetch=yes cls=# size=#\r\n"));
  auto timed = call_like(c, "ms t 1 T100\r\nx\r\nme t\r\n",
                         "HD\r\nME t exp=# la=# cas=# fetch=no cls=# size=#\r\n");
  ASSERT_TRUE(timed);
  // memcached prints now - expiry, so a TTL comes out negative.
  EXPECT_GE((*timed)[0], -100);
  EXPECT_LE((*timed)[0], -99);
  // A base64 key finds the item; its key is shown as it was stored.
  EXPECT_TRUE(call_like(c, "me ZQ== b\r\n", "ME e exp=-1 la=# cas=# fetch=yes cls=# size=#\r\n"));
  EXPECT_REPLY(c, "ms Zm9v 1 b\r\nx\r\n", "HD\r\n");
  EXPECT_TRUE(call_like(c, "me foo\r\n", "ME Zm9v exp=-1 la=# cas=# fetch=no cls=# size=#\r\n"));
}

}  // namespace
}  // namespace ringcache::integration
