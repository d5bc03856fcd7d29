// Base64 for meta keys: standard encoding, and memcached's lenient decoder byte for byte
// (answers checked against memcached 1.6.18's mg ... b k).
#include "common/util/base64.h"

#include <gtest/gtest.h>

#include <string>

namespace ringcache::common {
namespace {

using namespace std::literals;

std::string decode(std::string_view in) {
  char buf[256];
  const std::size_t n = base64_decode(in, buf, sizeof buf);
  return n == 0 ? "<fail>" : std::string(buf, n);
}

std::string encode(std::string_view in) {
  std::string out = "x";
  const std::size_t n = base64_encode(in, out);
  EXPECT_EQ(n, out.size() - 1);
  return out.substr(1);
}

TEST(Base64, EncodesWithPadding) {
  EXPECT_EQ(encode("foo"), "Zm9v");
  EXPECT_EQ(encode("foob"), "Zm9vYg==");
  EXPECT_EQ(encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(encode("\0"sv), "AA==");
  EXPECT_EQ(encode("\xff\xfe\xfd"sv), "//79");
  EXPECT_EQ(encode(""), "");
}

TEST(Base64, DecodesWhatItEncodes) {
  const std::string all = [] {
    std::string s;
    for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
    return s;
  }();
  for (std::size_t len = 1; len < 40; ++len) {
    const std::string part = all.substr(len * 5, len);
    EXPECT_EQ(decode(encode(part)), part) << len;
  }
}

TEST(Base64, SkipsBytesOutsideTheAlphabet) {
  EXPECT_EQ(decode("Zm9v!"), "foo");
  EXPECT_EQ(decode("Z m9v"), "foo");
}

TEST(Base64, NeedsWholeGroupsOfFour) {
  EXPECT_EQ(decode("Zm9"), "<fail>");
  EXPECT_EQ(decode("!!!!"), "<fail>");
  EXPECT_EQ(decode(""), "<fail>");
  EXPECT_EQ(decode("QQ="), "<fail>");
}

TEST(Base64, PaddingEndsTheInputAndMayStandAnywhereInItsGroup) {
  EXPECT_EQ(decode("QQ==QUFB"), "A");     // the rest is ignored
  EXPECT_EQ(decode("Q=Q="), "@");         // two pads drop two bytes
  EXPECT_EQ(decode("QQ=x"), "A\0"sv);     // one pad drops one byte
  EXPECT_EQ(decode("===="), "<fail>");
  EXPECT_EQ(decode("A==="), "<fail>");
}

TEST(Base64, RefusesTooSmallABuffer) {
  char buf[2];
  EXPECT_EQ(base64_decode("Zm9v", buf, sizeof buf), 0u);
  EXPECT_EQ(base64_decoded_capacity(8), 6u);
}

}  // namespace
}  // namespace ringcache::common
