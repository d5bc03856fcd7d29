#include "proxy/backend/get_batch.h"

#include <gtest/gtest.h>

#include <string>

namespace ringcache::proxy {
namespace {

TEST(GetBatchTest, OnlyPlainGetsInTheUsualFormCanJoinABatch) {
  auto line = parse_get_line("get a b\r\n");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->command, "get");
  EXPECT_EQ(line->keys, "a b");
  line = parse_get_line("gets k\r\n");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->command, "gets");
  EXPECT_EQ(line->keys, "k");
  // Anything memcached would read differently from a plain key list is sent as it came.
  for (const char* r : {"get a\n", "get  a\r\n", "get a \r\n", "get a  b\r\n", "get \r\n",
                        "gat 0 a\r\n", "gats 0 a\r\n", "get a\rb\r\n", "getx a\r\n", "set a 0 0 1\r\n"}) {
    EXPECT_FALSE(parse_get_line(r)) << r;
  }
}

TEST(GetBatchTest, SplitGivesEachRequestItsHitsInOrderThenEnd) {
  // The node's reply to "get a miss a b": both a's hit, b hits.
  const std::string bytes =
      "VALUE a 1 1\r\nx\r\nVALUE a 1 1\r\nx\r\nVALUE b 2 2 9\r\nyy\r\nEND\r\n";
  common::Response reply;
  ASSERT_EQ(common::parse_response(bytes, common::ResponseExpect::kValues, reply).status,
            common::ParseStatus::kOk);
  std::size_t next = 0;
  BackendResult first, second, third;
  split_batch_reply(reply, "a miss", &next, {}, first);
  split_batch_reply(reply, "a", &next, {}, second);
  split_batch_reply(reply, "b", &next, {}, third);
  EXPECT_EQ(first.bytes, "VALUE a 1 1\r\nx\r\nEND\r\n");
  EXPECT_EQ(second.bytes, "VALUE a 1 1\r\nx\r\nEND\r\n");
  EXPECT_EQ(third.bytes, "VALUE b 2 2 9\r\nyy\r\nEND\r\n");
  ASSERT_EQ(third.response.items.size(), 1u);
  EXPECT_EQ(third.response.items[0].key, "b");
  EXPECT_EQ(third.response.items[0].value, "yy");
  EXPECT_EQ(third.response.items[0].cas, 9u);
  EXPECT_EQ(third.response.code, common::ReplyCode::kEnd);
  // The views survive a move of the result (they point into its heap bytes).
  BackendResult moved = std::move(first);
  EXPECT_EQ(moved.response.items.at(0).value, "x");
  EXPECT_EQ(moved.response.raw, moved.bytes);
}

}  // namespace
}  // namespace ringcache::proxy
