#include "common/net/read_buffer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace ringcache::common {
namespace {

void fill(ReadBuffer& b, BufferPool& pool, std::string_view data, std::size_t max) {
  while (!data.empty()) {
    auto space = b.prepare(pool, max);
    ASSERT_FALSE(space.empty());
    std::size_t n = std::min(space.size(), data.size());
    std::memcpy(space.data(), data.data(), n);
    b.commit(n);
    data.remove_prefix(n);
  }
}

TEST(ReadBufferTest, EmptyBufferHoldsNoMemoryAndReusesPooledChunks) {
  BufferPool pool(1024);
  ReadBuffer b;
  fill(b, pool, "hello", 1 << 20);
  EXPECT_EQ(b.data(), "hello");
  EXPECT_EQ(b.capacity(), 1024u);
  b.consume(5);
  b.shrink(pool);
  EXPECT_EQ(b.capacity(), 0u);
  EXPECT_EQ(pool.kept(), 1u);
  fill(b, pool, "again", 1 << 20);
  EXPECT_EQ(pool.kept(), 0u);  // took the pooled chunk back
  EXPECT_EQ(b.data(), "again");
}

TEST(ReadBufferTest, GrowsForBigRequestsUpToTheCapAndShrinksBack) {
  BufferPool pool(1024);
  ReadBuffer b;
  std::string big(5000, 'x');
  fill(b, pool, big, 8192);
  EXPECT_EQ(b.data(), big);
  EXPECT_EQ(b.capacity(), 8192u);
  fill(b, pool, std::string(8192 - 5000, 'y'), 8192);
  EXPECT_TRUE(b.prepare(pool, 8192).empty());  // full at the cap
  b.consume(8192 - 100);
  b.shrink(pool);  // a small remainder moves to a standard chunk
  EXPECT_EQ(b.capacity(), 1024u);
  EXPECT_EQ(b.data(), std::string(100, 'y'));
}

TEST(ReadBufferTest, CompactsAPartialRequestInsteadOfGrowing) {
  BufferPool pool(1024);
  ReadBuffer b;
  fill(b, pool, std::string(1000, 'a') + "partial", 1 << 20);
  b.consume(1000);
  auto space = b.prepare(pool, 1 << 20);
  EXPECT_EQ(b.capacity(), 1024u);
  EXPECT_EQ(space.size(), 1024u - 7);
  EXPECT_EQ(b.data(), "partial");
}

}  // namespace
}  // namespace ringcache::common
