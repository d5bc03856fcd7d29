#include "common/hash/md5.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace ringcache::common {
namespace {

std::string hex(const Md5Digest& d) {
  std::string out;
  char buf[3];
  for (uint8_t b : d) {
    std::snprintf(buf, sizeof(buf), "%02x", b);
    out += buf;
  }
  return out;
}

// RFC 1321, appendix A.5.
TEST(Md5Test, RfcTestSuite) {
  EXPECT_EQ(hex(md5("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(hex(md5("a")), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(hex(md5("abc")), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(hex(md5("message digest")), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(hex(md5("abcdefghijklmnopqrstuvwxyz")), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(hex(md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(hex(md5("1234567890123456789012345678901234567890"
                    "1234567890123456789012345678901234567890")),
            "57edf4a22be3c955ac49da2e2107b67a");
}

std::string alphabet_run(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('a' + i % 26);
  return s;
}

// Lengths around the 56- and 64-byte padding boundaries (values from Python's hashlib).
TEST(Md5Test, PaddingBoundaries) {
  const std::pair<std::size_t, const char*> cases[] = {
      {55, "0d7ae056b2f015cd7dc67494efd658f1"},  {56, "31fcfb5165169eb55898e7e4cf34d19a"},
      {57, "fd62afaf3aa1e2a52882cb464f5ccc4d"},  {63, "1b30c0670c15e7da3c2ba7bce77ebe99"},
      {64, "a2eaf6295c32adc403865fd96a2f182b"},  {65, "eba2cce0ca8df47e62414a736b3105a2"},
      {127, "f41f37f8b5a7782d5cfeafc43e3d3c1c"}, {128, "3e8c1ccbd71838ef3df4b72e57fb9bf6"},
      {1000, "303fb697b589019cb3edba04b794e575"}};
  for (const auto& [n, want] : cases) EXPECT_EQ(hex(md5(alphabet_run(n))), want) << n;
}

TEST(Md5Test, IncrementalUpdatesMatchOneShotAtEverySplit) {
  const std::string msg = alphabet_run(200);
  const Md5Digest whole = md5(msg);
  for (std::size_t cut = 0; cut <= msg.size(); ++cut) {
    Md5 h;
    h.update(std::string_view(msg).substr(0, cut));
    h.update(std::string_view(msg).substr(cut));
    ASSERT_EQ(h.finish(), whole) << cut;
  }
  Md5 bytewise;
  for (char c : msg) bytewise.update(std::string_view(&c, 1));
  EXPECT_EQ(bytewise.finish(), whole);
}

// md5() takes a one-block shortcut below 56 bytes; it must agree with streaming.
TEST(Md5Test, OneShotMatchesStreamingForEveryLength) {
  for (std::size_t n = 0; n <= 130; ++n) {
    const std::string msg = alphabet_run(n);
    Md5 h;
    h.update(msg);
    ASSERT_EQ(md5(msg), h.finish()) << n;
  }
}

TEST(Md5Test, WordsAreLittleEndian) {
  // md5("") = d4 1d 8c d9 | 8f 00 b2 04 | ...
  const Md5Digest d = md5("");
  EXPECT_EQ(md5_word_le(d, 0), 0xd98c1dd4u);
  EXPECT_EQ(md5_word_le(d, 1), 0x04b2008fu);
}

}  // namespace
}  // namespace ringcache::common
