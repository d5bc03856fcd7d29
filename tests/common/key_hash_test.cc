#include "common/hash/key_hash.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace ringcache::common {
namespace {

// wyhash final 4's published vectors: key i hashed with seed i.
TEST(KeyHashTest, MatchesWyhashPublishedVectors) {
  EXPECT_EQ(key_hash("", 0), 0x0409638ee2bde459ull);
  EXPECT_EQ(key_hash("a", 1), 0xa8412d091b5fe0a9ull);
  EXPECT_EQ(key_hash("abc", 2), 0x32dd92e4b2915153ull);
  EXPECT_EQ(key_hash("message digest", 3), 0x8619124089a3a16bull);
  EXPECT_EQ(key_hash("abcdefghijklmnopqrstuvwxyz", 4), 0x7a43afb61d7f5f40ull);
  EXPECT_EQ(key_hash("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 5),
            0xff42329b90e50d58ull);
  EXPECT_EQ(key_hash("1234567890123456789012345678901234567890123456789012345678901234567890"
                     "1234567890",
                     6),
            0xc39cab13b115aad3ull);
}

// Frozen values for each code path (0, 1-3, 4-16, 17-48, >48 bytes) with the default seed:
// the node's shard and slot placement depend on them.
TEST(KeyHashTest, GoldenValuesDefaultSeed) {
  EXPECT_EQ(key_hash("a"), 0x28d2053309d28531ull);
  EXPECT_EQ(key_hash("ab"), 0xbc9ce12eaf0083ecull);
  EXPECT_EQ(key_hash("abcd"), 0x48dfe2b09ab52113ull);
  EXPECT_EQ(key_hash("key:123456"), 0x0e8a337da73cff67ull);
  EXPECT_EQ(key_hash("0123456789abcdef"), 0xc304e72c387cd229ull);
  EXPECT_EQ(key_hash("0123456789abcdefg"), 0xb496f8f306600195ull);
  EXPECT_EQ(key_hash("user:1000:profile:settings:v2:xxxxxxxxxxxxxxxxxxx"), 0x48811d1f44338321ull);
  EXPECT_EQ(key_hash("key:123456", 42), 0xa30186a76d43f021ull);
}

TEST(KeyHashTest, ReadsOnlyTheKeyBytes) {
  const std::string buf = "key:1xxxxxxxx";
  EXPECT_EQ(key_hash(std::string_view(buf).substr(0, 5)), key_hash("key:1"));
}

TEST(KeyHashTest, SequentialKeysSpreadOverLowAndHighBits) {
  constexpr int kKeys = 200000;
  std::unordered_set<uint64_t> full;
  int low_buckets[256] = {};
  int high_buckets[256] = {};
  for (int i = 0; i < kKeys; ++i) {
    const uint64_t h = key_hash("key:" + std::to_string(i));
    full.insert(h);
    ++low_buckets[h & 0xFF];
    ++high_buckets[h >> 56];
  }
  EXPECT_EQ(full.size(), static_cast<std::size_t>(kKeys));
  const int expected = kKeys / 256;
  for (int b = 0; b < 256; ++b) {
    EXPECT_NEAR(low_buckets[b], expected, expected / 4) << "low bucket " << b;
    EXPECT_NEAR(high_buckets[b], expected, expected / 4) << "high bucket " << b;
  }
}

}  // namespace
}  // namespace ringcache::common
