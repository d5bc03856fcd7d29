// Quiet binary opcodes through the real binaries: each stays silent on the outcome clients
// do not need to hear about and answers the others, so a pipeline closed by a NOOP (how
// libmemcached does multi-gets) gets exactly the packets it should, in order.
#include "tests/integration/binary_wire.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using namespace bin;  // NOLINT: opcodes and statuses read better unqualified here

constexpr std::string_view kMsgNotFound = "Not found";
constexpr std::string_view kMsgExists = "Data exists for key.";
constexpr std::string_view kMsgNotStored = "Not stored.";
constexpr std::string_view kMsgNonNumeric = "Non-numeric server-side value for incr or decr";

using BinaryQuietTest = ServerTest;
RINGCACHE_SERVER_SUITE(BinaryQuietTest);

TEST_P(BinaryQuietTest, EveryQuietOpcodeReportsOnlyFailuresOrHits) {
  TestClient c = connect();
  const std::string ttl = be32(100);
  ASSERT_TRUE(c.send(concat({
      packet(kSetQ, "a", store_extras(1, 0), "x", 1),           // silent
      packet(kAddQ, "a", store_extras(0, 0), "y", 2),           // exists
      packet(kAddQ, "b", store_extras(0, 0), "b", 3),           // silent
      packet(kReplaceQ, "zz", store_extras(0, 0), "y", 4),      // not found
      packet(kReplaceQ, "b", store_extras(0, 0), "B", 5),       // silent
      packet(kAppendQ, "a", "", "1", 6),                        // silent
      packet(kPrependQ, "a", "", "0", 7),                       // silent
      packet(kAppendQ, "zz", "", "1", 8),                       // not stored
      packet(kPrependQ, "zz", "", "1", 9),                      // not stored
      packet(kDeleteQ, "b", "", "", 10),                        // silent
      packet(kDeleteQ, "b", "", "", 11),                        // not found
      packet(kIncrementQ, "n", arith_extras(1, 5, 0), "", 12),  // silent (creates 5)
      packet(kDecrementQ, "n", arith_extras(2, 5, 0), "", 13),  // silent (3)
      packet(kIncrementQ, "a", arith_extras(1, 5, 0), "", 14),  // non-numeric
      packet(kIncrementQ, "m", arith_extras(1, 5, 0xffffffff), "", 15),  // not found
      packet(kGetQ, "a", "", "", 16),                           // hit
      packet(kGetQ, "zz", "", "", 17),                          // silent
      packet(kGetKQ, "a", "", "", 18),                          // hit, with key
      packet(kGetKQ, "zz", "", "", 19),                         // silent
      packet(kGatQ, "a", ttl, "", 20),                          // hit
      packet(kGatQ, "zz", ttl, "", 21),                         // silent
      packet(kGatKQ, "a", ttl, "", 22),                         // hit, with key
      packet(kGatKQ, "zz", ttl, "", 23),                        // silent
      packet(kSetQ, "a", store_extras(1, 0), "x", 24, 12345),   // CAS mismatch
      packet(kGet, "n", "", "", 25),
      packet(kFlushQ, "", "", "", 26),                          // silent
      packet(kGetQ, "a", "", "", 27),                           // silent: flushed
      packet(kNoop, "", "", "", 28),
  })));
  EXPECT_EQ(next(c), want(kAddQ, kKeyExists, 2, "", "", kMsgExists));
  EXPECT_EQ(next(c), want(kReplaceQ, kKeyNotFound, 4, "", "", kMsgNotFound));
  EXPECT_EQ(next(c), want(kAppendQ, kNotStored, 8, "", "", kMsgNotStored));
  EXPECT_EQ(next(c), want(kPrependQ, kNotStored, 9, "", "", kMsgNotStored));
  EXPECT_EQ(next(c), want(kDeleteQ, kKeyNotFound, 11, "", "", kMsgNotFound));
  EXPECT_EQ(next(c), want(kIncrementQ, kNonNumeric, 14, "", "", kMsgNonNumeric));
  EXPECT_EQ(next(c), want(kIncrementQ, kKeyNotFound, 15, "", "", kMsgNotFound));
  EXPECT_EQ(next(c), want(kGetQ, kSuccess, 16, be32(1), "", "0x1"));
  EXPECT_EQ(next(c), want(kGetKQ, kSuccess, 18, be32(1), "a", "0x1"));
  EXPECT_EQ(next(c), want(kGatQ, kSuccess, 20, be32(1), "", "0x1"));
  EXPECT_EQ(next(c), want(kGatKQ, kSuccess, 22, be32(1), "a", "0x1"));
  EXPECT_EQ(next(c), want(kSetQ, kKeyExists, 24, "", "", kMsgExists));
  EXPECT_EQ(next(c), want(kGet, kSuccess, 25, be32(0), "", "3"));
  EXPECT_EQ(next(c), want(kNoop, kSuccess, 28));
  EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(100))), "");
}

TEST_P(BinaryQuietTest, MultiGetAsGetKQPipelineEndingInNoop) {
  TestClient c = connect();
  std::string sets, gets;
  for (int i = 0; i < 100; ++i) {
    const std::string key = "key" + std::to_string(i);
    if (i % 4 == 0) sets += packet(kSetQ, key, store_extras(i, 0), "v" + key, 0).bytes();
    gets += packet(i % 2 == 0 ? kGetKQ : kGetQ, key, "", "", 1000 + i).bytes();
  }
  ASSERT_TRUE(c.send(sets + gets + packet(kNoop, "", "", "", 7).bytes()));
  for (int i = 0; i < 100; i += 4) {
    const std::string key = "key" + std::to_string(i);
    // Every fourth key is stored, and those are all even: GETKQ, with the key.
    EXPECT_EQ(next(c), want(kGetKQ, kSuccess, 1000 + i, be32(i), key, "v" + key)) << key;
  }
  EXPECT_EQ(next(c), want(kNoop, kSuccess, 7));
}

TEST_P(BinaryQuietTest, QuitQClosesSilently) {
  TestClient c = connect();
  ASSERT_TRUE(c.send(concat({packet(kSetQ, "a", store_extras(0, 0), "x", 1),
                             packet(kQuitQ, "", "", "", 2), packet(kNoop, "", "", "", 3)})));
  EXPECT_TRUE(c.wait_closed());
  EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(50))), "");
  // The set before the quit was applied.
  TestClient other = connect();
  ASSERT_TRUE(other.send(packet(kGet, "a", "", "", 4).bytes()));
  EXPECT_EQ(next(other), want(kGet, kSuccess, 4, be32(0), "", "x"));
}

}  // namespace
}  // namespace ringcache::integration
