// Meta set (ms) through the real binaries: modes, compare-and-swap, invalidation, client
// flags, TTL, quiet mode, size limits, with memcached 1.6's exact reply bytes.
#include "tests/integration/reply_pattern.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using MetaSetTest = ServerTest;
RINGCACHE_SERVER_SUITE(MetaSetTest);

TEST_P(MetaSetTest, ModesAddAppendPrependReplaceSet) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms m 1 MA\r\nx\r\n", "NS\r\n");  // append needs an item
  EXPECT_REPLY(c, "ms m 1 MR\r\nx\r\n", "NS\r\n");  // so does replace
  EXPECT_REPLY(c, "ms m 1 ME\r\na\r\n", "HD\r\n");  // add creates it
  EXPECT_REPLY(c, "ms m 1 ME\r\nz\r\n", "NS\r\n");  // add refuses an existing one
  EXPECT_REPLY(c, "ms m 1 MA\r\nb\r\n", "HD\r\n");
  EXPECT_REPLY(c, "ms m 1 MP\r\nc\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg m v\r\n", "VA 3\r\ncab\r\n");
  EXPECT_REPLY(c, "ms m 1 MR\r\nr\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg m v\r\n", "VA 1\r\nr\r\n");
  EXPECT_REPLY(c, "ms m 1 MS\r\ns\r\n", "HD\r\n");
  EXPECT_REPLY(c, "get m\r\n", "VALUE m 0 1\r\ns\r\nEND\r\n");
}

TEST_P(MetaSetTest, InvalidModeIsRefusedAndItsDataDropped) {
  TestClient c = connect();
  for (const char* mode : {"MX", "Mz", "Ma", "Ms"}) {
    EXPECT_REPLY(c, std::string("ms m 1 ") + mode + "\r\nx\r\nmn\r\n",
                 "CLIENT_ERROR invalid mode for ms M token\r\nMN\r\n");
  }
  EXPECT_REPLY(c, "mg m v\r\n", "EN\r\n");
}

TEST_P(MetaSetTest, CompareAndSwap) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms k 1 C99\r\nx\r\n", "NF\r\n");  // nothing to compare with
  auto first = call_like(c, "ms k 1 c\r\na\r\n", "HD c#\r\n");
  ASSERT_TRUE(first);
  const std::string stale = std::to_string((*first)[0] + 1000);
  EXPECT_REPLY(c, "ms k 1 C" + stale + "\r\nb\r\n", "EX\r\n");
  auto swapped = call_like(c, "ms k 1 c C" + std::to_string((*first)[0]) + "\r\nc\r\n", "HD c#\r\n");
  ASSERT_TRUE(swapped);
  EXPECT_NE((*swapped)[0], (*first)[0]);
  // The old CAS is used up.
  EXPECT_REPLY(c, "ms k 1 C" + std::to_string((*first)[0]) + "\r\nd\r\n", "EX\r\n");
  EXPECT_REPLY(c, "mg k v\r\n", "VA 1\r\nc\r\n");
}

TEST_P(MetaSetTest, InvalidateWithAnOlderCasStoresAStaleItem) {
  TestClient c = connect();
  auto old = call_like(c, "ms i 1 c\r\nw\r\n", "HD c#\r\n");
  ASSERT_TRUE(old);
  auto first = call_like(c, "ms i 1 c\r\nx\r\n", "HD c#\r\n");
  ASSERT_TRUE(first);
  const std::string older = " C" + std::to_string((*old)[0]);
  // I with a CAS older than the item's: stored anyway, but marked stale (X); the next
  // reader wins the right to refresh it (W), later ones are told a win is out (Z).
  auto stale = call_like(c, "ms i 1 I c" + older + "\r\ny\r\n", "HD c#\r\n");
  ASSERT_TRUE(stale);
  EXPECT_NE((*stale)[0], (*first)[0]);
  EXPECT_TRUE(call_like(c, "mg i v c\r\n", "VA 1 c# X W\r\ny\r\n"));
  EXPECT_TRUE(call_like(c, "mg i v c\r\n", "VA 1 c# Z X\r\ny\r\n"));
  // Without I the same old CAS is refused.
  EXPECT_REPLY(c, "ms i 1" + older + "\r\nz\r\n", "EX\r\n");
}

TEST_P(MetaSetTest, ClientFlagsTtlKeyAndOpaque) {
  TestClient c = connect();
  EXPECT_TRUE(call_like(c, "ms f 2 F77 T50 k O9 c\r\nab\r\n", "HD kf O9 c#\r\n"));
  auto got = call_like(c, "mg f f t v\r\n", "VA 2 f77 t#\r\nab\r\n");
  ASSERT_TRUE(got);
  EXPECT_GE((*got)[0], 49);
  EXPECT_LE((*got)[0], 50);
  EXPECT_REPLY(c, "get f\r\n", "VALUE f 77 2\r\nab\r\nEND\r\n");
  EXPECT_REPLY(c, "ms f 2 F4294967295\r\ncd\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg f f\r\n", "HD f4294967295\r\n");
  EXPECT_REPLY(c, "ms f 2 T-1\r\ncd\r\n", "HD\r\n");  // negative TTL: expired at once
  EXPECT_REPLY(c, "mg f v\r\n", "EN\r\n");
}

TEST_P(MetaSetTest, QuietHidesSuccessOnlyAndMnFlushes) {
  TestClient c = connect();
  EXPECT_REPLY(c,
               "ms f 2 q\r\nab\r\n"        // HD: hidden
               "ms f 2 q MA\r\ncd\r\n"     // HD: hidden
               "ms f 2 q C1\r\nxx\r\n"     // EX: shown
               "ms nope 1 q MR\r\nx\r\n"   // NS: shown
               "ms f 1 q O5 ME\r\nx\r\n"   // NS with its opaque
               "mn\r\n",
               "EX\r\nNS\r\nNS O5\r\nMN\r\n");
  EXPECT_REPLY(c, "mg f v\r\n", "VA 4\r\nabcd\r\n");
}

TEST_P(MetaSetTest, ValueOverTheItemLimitIsRefusedAndSwallowed) {
  TestClient c = connect();
  c.set_timeout(std::chrono::seconds(20));
  const std::string big(2'000'000, 'x');
  EXPECT_REPLY(c, "ms big 2000000 T0\r\n" + big + "\r\nmn\r\n",
               "SERVER_ERROR object too large for cache\r\nMN\r\n");
  const std::string fits(1'000'000, 'y');
  EXPECT_REPLY(c, "ms big 1000000 T0\r\n" + fits + "\r\nmn\r\n", "HD\r\nMN\r\n");
  EXPECT_REPLY(c, "mg big s\r\n", "HD s1000000\r\n");
}

TEST_P(MetaSetTest, MalformedRequests) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms e\r\n", "CLIENT_ERROR bad command line format\r\n");
  EXPECT_REPLY(c, "ms e abc\r\n", "CLIENT_ERROR bad command line format\r\n");
  // A data block of the wrong length.
  EXPECT_REPLY(c, "ms e 1\r\nxyz\r\nmn\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\nMN\r\n");
  EXPECT_REPLY(c, "ms e 1 zz\r\nx\r\nmn\r\n", "CLIENT_ERROR invalid flag\r\nMN\r\n");
  EXPECT_REPLY(c, "mn\r\n", "MN\r\n");
}

// memcached 1.6.18 refuses ms's S (size) and the E (explicit CAS) flag of newer
// releases; so does ringcache, and an ms data block is dropped with the error.
TEST_P(MetaSetTest, FlagsOfNewerReleasesAreRefused) {
  TestClient c = connect();
  EXPECT_REPLY(c, "ms x 2 S2\r\nab\r\nmn\r\n", "CLIENT_ERROR invalid flag\r\nMN\r\n");
  EXPECT_REPLY(c, "ms x 2 E100\r\nab\r\nmn\r\n", "CLIENT_ERROR invalid flag\r\nMN\r\n");
  EXPECT_REPLY(c, "ms x 2\r\nab\r\n", "HD\r\n");
  EXPECT_REPLY(c, "mg x E5 v\r\n", "CLIENT_ERROR invalid flag\r\n");
  EXPECT_REPLY(c, "md x E5\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n");
  EXPECT_REPLY(c, "ma x E5\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n");
  EXPECT_REPLY(c, "mg x v\r\n", "VA 2\r\nab\r\n");
}

}  // namespace
}  // namespace ringcache::integration
