#include "reply_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ringcache::loadgen {
namespace {

TEST(ReplyParser, RetrievalCountsValuesUntilEnd) {
  std::string in = "VALUE key:000001 0 3\r\nabc\r\nVALUE key:000002 5 0 77\r\n\r\nEND\r\nSTORED\r\n";
  Reply r = parse_reply(in, ReplyExpect::kRetrieval);
  ASSERT_EQ(r.status, ReplyStatus::kOk);
  EXPECT_EQ(r.values, 2);
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.consumed, in.size() - 8);
}

TEST(ReplyParser, MissIsEndAlone) {
  Reply r = parse_reply("END\r\n", ReplyExpect::kRetrieval);
  ASSERT_EQ(r.status, ReplyStatus::kOk);
  EXPECT_EQ(r.values, 0);
  EXPECT_EQ(r.consumed, 5u);
}

// A value whose data contains "END\r\n" must be skipped by its length, not scanned.
TEST(ReplyParser, ValueDataIsSkippedByLength) {
  std::string in = "VALUE k 0 5\r\nEND\r\n\r\nEND\r\n";
  Reply r = parse_reply(in, ReplyExpect::kRetrieval);
  ASSERT_EQ(r.status, ReplyStatus::kOk);
  EXPECT_EQ(r.values, 1);
  EXPECT_EQ(r.consumed, in.size());
}

TEST(ReplyParser, EveryPrefixNeedsMore) {
  std::string get = "VALUE key:000001 0 10\r\n0123456789\r\nEND\r\n";
  for (std::size_t cut = 0; cut < get.size(); ++cut)
    EXPECT_EQ(parse_reply(get.substr(0, cut), ReplyExpect::kRetrieval).status, ReplyStatus::kNeedMore)
        << "cut at " << cut;
  std::string set = "STORED\r\n";
  for (std::size_t cut = 0; cut < set.size(); ++cut)
    EXPECT_EQ(parse_reply(set.substr(0, cut), ReplyExpect::kStorage).status, ReplyStatus::kNeedMore);
  EXPECT_EQ(parse_reply(set, ReplyExpect::kStorage).consumed, set.size());
}

TEST(ReplyParser, ErrorsEndEitherKind) {
  Reply g = parse_reply("SERVER_ERROR out of memory\r\n", ReplyExpect::kRetrieval);
  EXPECT_EQ(g.status, ReplyStatus::kOk);
  EXPECT_TRUE(g.error);
  Reply s = parse_reply("NOT_STORED\r\n", ReplyExpect::kStorage);
  EXPECT_EQ(s.status, ReplyStatus::kOk);
  EXPECT_TRUE(s.error);
  EXPECT_FALSE(parse_reply("STORED\r\n", ReplyExpect::kStorage).error);
}

TEST(ReplyParser, GarbageIsBad) {
  EXPECT_EQ(parse_reply("HELLO\r\n", ReplyExpect::kRetrieval).status, ReplyStatus::kBad);
  EXPECT_EQ(parse_reply("VALUE k 0 x\r\n", ReplyExpect::kRetrieval).status, ReplyStatus::kBad);
  EXPECT_EQ(parse_reply("VALUE k 0 1\r\nab\r\n", ReplyExpect::kRetrieval).status, ReplyStatus::kBad);
  EXPECT_EQ(parse_reply("END\r\n", ReplyExpect::kStorage).status, ReplyStatus::kBad);
}

}  // namespace
}  // namespace ringcache::loadgen
