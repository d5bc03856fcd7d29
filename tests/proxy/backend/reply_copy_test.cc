#include "proxy/backend/reply_copy.h"

#include <gtest/gtest.h>

#include "common/protocol/response_parser.h"

namespace ringcache::proxy {
namespace {

using common::ResponseExpect;

BackendResult copied(std::string wire, ResponseExpect expect) {
  common::Response parsed;
  auto r = common::parse_response(wire, expect, parsed);
  EXPECT_EQ(r.status, common::ParseStatus::kOk);
  BackendResult out;
  copy_reply(parsed, out);
  wire.assign(wire.size(), '#');  // the original buffer is reused
  return out;
}

TEST(ReplyCopyTest, ValuesSurviveTheReadBufferAndAMove) {
  BackendResult r = copied("VALUE a 1 2 7\r\nxy\r\nVALUE bb 0 1\r\nz\r\nEND\r\n", ResponseExpect::kValues);
  BackendResult moved = std::move(r);
  const auto& resp = moved.response;
  ASSERT_EQ(resp.items.size(), 2u);
  EXPECT_EQ(resp.items[0].key, "a");
  EXPECT_EQ(resp.items[0].value, "xy");
  EXPECT_EQ(resp.items[0].cas, 7u);
  EXPECT_EQ(resp.items[1].raw, "VALUE bb 0 1\r\nz\r\n");
  EXPECT_EQ(resp.raw, moved.bytes);
  EXPECT_EQ(resp.raw.data(), moved.bytes.data());
}

TEST(ReplyCopyTest, ShortRepliesStayValidAfterAMove) {
  BackendResult r = copied("STORED\r\n", ResponseExpect::kStorage);
  BackendResult moved = std::move(r);
  EXPECT_EQ(moved.response.raw, "STORED\r\n");
  EXPECT_EQ(moved.response.raw.data(), moved.bytes.data());
  EXPECT_EQ(moved.response.code, common::ReplyCode::kStored);
}

TEST(ReplyCopyTest, MetaFlagsStatsAndErrorsPointIntoTheCopy) {
  BackendResult meta = copied("VA 2 f5 kfoo O99\r\nhi\r\n", ResponseExpect::kMetaGet);
  EXPECT_EQ(meta.response.value, "hi");
  EXPECT_EQ(meta.response.meta.token('k'), "foo");
  EXPECT_EQ(meta.response.meta.token('O'), "99");
  BackendResult stats = copied("STAT pid 12\r\nSTAT version 1.6\r\nEND\r\n", ResponseExpect::kStats);
  ASSERT_EQ(stats.response.stats.size(), 2u);
  EXPECT_EQ(stats.response.stats[1].name, "version");
  EXPECT_EQ(stats.response.stats[1].value, "1.6");
  BackendResult error = copied("SERVER_ERROR out of memory\r\n", ResponseExpect::kStorage);
  EXPECT_EQ(error.response.text, "out of memory");
  BackendResult version = copied("VERSION 1.6.18\r\n", ResponseExpect::kVersion);
  EXPECT_EQ(version.response.text, "1.6.18");
}

}  // namespace
}  // namespace ringcache::proxy
