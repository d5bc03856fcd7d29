#include "proxy/route/multi_get.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/protocol/response_parser.h"

namespace ringcache::proxy {
namespace {

// Keys "a*" live on node 0, "b*" on node 1, anything else on node 2.
const auto owner = [](std::string_view key) -> std::size_t {
  return key[0] == 'a' ? 0 : key[0] == 'b' ? 1 : 2;
};

void feed(MultiGet& m, std::size_t part, std::string bytes) {
  common::Response r;
  ASSERT_EQ(common::parse_response(bytes, common::ResponseExpect::kValues, r).status,
            common::ParseStatus::kOk);
  m.set_reply(part, r, std::move(bytes));
}

TEST(MultiGetTest, SplitsByOwnerKeepingOrderAndDuplicates) {
  std::vector<std::string_view> keys = {"b1", "a1", "b2", "a1", "c"};
  MultiGet m(keys, owner);
  ASSERT_EQ(m.parts().size(), 3u);
  EXPECT_EQ(m.parts()[0].node, 1u);
  EXPECT_EQ(m.parts()[0].keys, (std::vector<std::string_view>{"b1", "b2"}));
  EXPECT_EQ(m.parts()[1].node, 0u);
  EXPECT_EQ(m.parts()[1].keys, (std::vector<std::string_view>{"a1", "a1"}));
  EXPECT_EQ(m.parts()[2].keys, (std::vector<std::string_view>{"c"}));
  EXPECT_EQ(m.key_count(), 5u);
}

TEST(MultiGetTest, KeysOutliveTheCallersBuffer) {
  std::string buffer = "a1 b1";
  std::vector<std::string_view> keys = {std::string_view(buffer).substr(0, 2),
                                        std::string_view(buffer).substr(3, 2)};
  MultiGet m(keys, owner);
  buffer.assign("zz zz");
  EXPECT_EQ(m.parts()[0].keys[0], "a1");
  EXPECT_EQ(m.parts()[1].keys[0], "b1");
}

TEST(MultiGetTest, MergesInClientOrderWithMissesAndAFailedPart) {
  std::vector<std::string_view> keys = {"b1", "a1", "b2", "a1", "c", "a2"};
  MultiGet m(keys, owner);
  feed(m, 1, "VALUE a1 0 1\r\nA\r\nVALUE a1 0 1\r\nA\r\nVALUE a2 3 2\r\nAA\r\nEND\r\n");
  feed(m, 0, "VALUE b2 0 1\r\nB\r\nEND\r\n");  // b1 misses
  // part 2 ("c") failed: never recorded
  std::string out;
  EXPECT_EQ(m.merge(out), 4u);
  EXPECT_EQ(out,
            "VALUE a1 0 1\r\nA\r\nVALUE b2 0 1\r\nB\r\nVALUE a1 0 1\r\nA\r\n"
            "VALUE a2 3 2\r\nAA\r\nEND\r\n");
}

TEST(MultiGetTest, ShortRepliesSurviveTheMove) {
  std::vector<std::string_view> keys = {"a", "b"};
  MultiGet m(keys, owner);
  feed(m, 0, "VALUE a 0 0\r\n\r\nEND\r\n");  // fits a short-string buffer
  std::string out;
  EXPECT_EQ(m.merge(out), 1u);
  EXPECT_EQ(out, "VALUE a 0 0\r\n\r\nEND\r\n");
}

TEST(MultiGetTest, AResetMultiGetForgetsTheEarlierRequest) {
  // A session reuses one MultiGet: a part that fails this time must not find the reply
  // its index got last time, and fewer parts than before must not merge the extra ones.
  std::vector<std::string_view> first = {"a1", "b1", "c"};
  MultiGet m(first, owner);
  feed(m, 0, "VALUE a1 0 1\r\nA\r\nEND\r\n");
  feed(m, 1, "VALUE b1 0 1\r\nB\r\nEND\r\n");
  feed(m, 2, "VALUE c 0 1\r\nC\r\nEND\r\n");
  std::string out;
  EXPECT_EQ(m.merge(out), 3u);

  std::vector<std::string_view> second = {"b1", "a1"};
  std::vector<std::size_t> owners = {owner("b1"), owner("a1")};
  m.reset(second, owners);
  ASSERT_EQ(m.parts().size(), 2u);
  EXPECT_EQ(m.parts()[0].keys, (std::vector<std::string_view>{"b1"}));
  EXPECT_EQ(m.parts()[1].keys, (std::vector<std::string_view>{"a1"}));
  EXPECT_EQ(m.key_count(), 2u);
  feed(m, 1, "VALUE a1 0 2\r\nAA\r\nEND\r\n");  // part 0 ("b1") failed
  out.clear();
  EXPECT_EQ(m.merge(out), 1u);
  EXPECT_EQ(out, "VALUE a1 0 2\r\nAA\r\nEND\r\n");
}

}  // namespace
}  // namespace ringcache::proxy
