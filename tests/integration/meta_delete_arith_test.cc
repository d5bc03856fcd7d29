// Meta delete (md) and meta arithmetic (ma) through the real binaries, with memcached 1.6's
// exact reply bytes: CAS checks, invalidation, quiet mode, auto-create, modes and limits.
#include "tests/integration/reply_pattern.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using MetaDeleteTest = ServerTest;
RINGCACHE_SERVER_SUITE(MetaDeleteTest);

TEST_P(MetaDeleteTest, DeleteAndQuietShowsOnlyMisses) {
  TestClient c = connect();
  EXPECT_REPLY(c, "md d\r\n", "NF\r\n");
  EXPECT_REPLY(c, "ms d 1\r\nx\r\n", "HD\r\n");
  EXPECT_REPLY(c, "md d k O5\r\n", "HD kd O5\r\n");
  EXPECT_REPLY(c, "mg d v\r\n", "EN\r\n");
  EXPECT_REPLY(c, "ms d 1\r\nx\r\n", "HD\r\n");
  EXPECT_REPLY(c, "md d q\r\nmd d q\r\nmd zz q O6\r\nmn\r\n", "NF\r\nNF O6\r\nMN\r\n");
}

TEST_P(MetaDeleteTest, CompareAndDelete) {
  TestClient c = connect();
  auto set = call_like(c, "ms d 1 c\r\nx\r\n", "HD c#\r\n");
  ASSERT_TRUE(set);
  EXPECT_REPLY(c, "md d C" + std::to_string((*set)[0] + 1) + "\r\n", "EX\r\n");
  EXPECT_REPLY(c, "mg d v\r\n", "VA 1\r\nx\r\n");
  EXPECT_REPLY(c, "md d C" + std::to_string((*set)[0]) + "\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg d v\r\n", "EN\r\n");
}

TEST_P(MetaDeleteTest, InvalidateMarksStaleInsteadOfDeleting) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms d 1\r\nx\r\n", "HD\r\n");
  EXPECT_REPLY(c, "md d I T30\r\n", "HD\r\n");
  // The value stays readable but stale (X); one reader wins the refresh (W).
  EXPECT_TRUE(call_like(c, "mg d v c t\r\n", "VA 1 c# t# X W\r\nx\r\n"));
  EXPECT_REPLY(c, "mg d v\r\n", "VA 1 Z X\r\nx\r\n");
  // A set clears the stale state.
  EXPECT_REPLY(c, "ms d 1\r\ny\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg d v\r\n", "VA 1\r\ny\r\n");
  // A plain md deletes a stale item.
  EXPECT_REPLY(c, "md d I\r\nmd d\r\nmg d v\r\n", "HD\r\nHD\r\nEN\r\n");
}

TEST_P(MetaDeleteTest, Base64Key) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set foo 0 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "md Zm9v b k\r\n", "HD kZm9v b\r\n");
  EXPECT_REPLY(c, "get foo\r\n", "END\r\n");
}

using MetaArithTest = ServerTest;
RINGCACHE_SERVER_SUITE(MetaArithTest);

TEST_P(MetaArithTest, IncrementDecrementAndAutoCreate) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ma cnt\r\n", "NF\r\n");
  // N auto-creates with J as the initial value (returned as is).
  EXPECT_REPLY(c, "ma cnt N0 J13 v\r\n", "VA 2\r\n13\r\n");
  EXPECT_REPLY(c, "ma cnt v\r\n", "VA 2\r\n14\r\n");
  EXPECT_REPLY(c, "ma cnt D10 v\r\n", "VA 2\r\n24\r\n");
  EXPECT_REPLY(c, "ma cnt\r\n", "HD\r\n");
  EXPECT_REPLY(c, "ma cnt MD D20 v\r\n", "VA 1\r\n5\r\n");
  EXPECT_REPLY(c, "ma cnt MD D100 v\r\n", "VA 1\r\n0\r\n");  // decr floors at 0
  EXPECT_REPLY(c, "ma cnt MI D5 v t\r\n", "VA 1 t-1\r\n5\r\n");
  EXPECT_REPLY(c, "ma cnt M+ v\r\nma cnt M- v\r\n", "VA 1\r\n6\r\nVA 1\r\n5\r\n");
  // memcached rewrites a shrinking number in place, padded with spaces to its old length.
  EXPECT_REPLY(c, "get cnt\r\n", "VALUE cnt 0 2\r\n5 \r\nEND\r\n");
}

TEST_P(MetaArithTest, CasKeyOpaqueAndTtl) {
  TestClient c = connect();
  auto created = call_like(c, "ma n N100 J7 v t c k O3\r\n", "VA 1 t# c# kn O3\r\n7\r\n");
  ASSERT_TRUE(created);
  EXPECT_GE((*created)[0], 99);
  EXPECT_LE((*created)[0], 100);
  const long long cas = (*created)[1];
  EXPECT_REPLY(c, "ma n C" + std::to_string(cas + 1) + " v\r\n", "EX\r\n");
  auto bumped = call_like(c, "ma n C" + std::to_string(cas) + " c v\r\n", "VA 1 c#\r\n8\r\n");
  ASSERT_TRUE(bumped);
  EXPECT_NE((*bumped)[0], cas);
}

TEST_P(MetaArithTest, QuietHidesSuccessesButNotMisses) {
  TestClient c = connect();
  // memcached still answers HD when q auto-creates the counter.
  EXPECT_REPLY(c, "ma cnt N0 J5 q\r\nma cnt q\r\nma cnt v q\r\nma nope q\r\nma cnt v\r\nmn\r\n",
               "HD\r\nNF\r\nVA 1\r\n8\r\nMN\r\n");
}

TEST_P(MetaArithTest, LimitsAndErrors) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ma big N0 J18446744073709551615 v\r\n",
               "VA 20\r\n18446744073709551615\r\n");
  EXPECT_REPLY(c, "ma big v\r\n", "VA 1\r\n0\r\n");  // incr wraps at 2^64
  EXPECT_REPLY(c, "ms s 2\r\nab\r\n", "HD\r\n");
  EXPECT_REPLY(c, "ma s\r\n", "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n");
  EXPECT_REPLY(c, "ma s MX\r\n", "CLIENT_ERROR invalid mode for ma M token\r\n");
  EXPECT_REPLY(c, "ma s Dabc\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n");
  EXPECT_REPLY(c, "ma s N0 Jx\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n");
  EXPECT_REPLY(c, "ma\r\n", "ERROR\r\n");
  EXPECT_REPLY(c, "mn\r\n", "MN\r\n");
}

}  // namespace
}  // namespace ringcache::integration
