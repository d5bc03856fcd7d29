// NodeStatsSum: which node `stats` fields add up, and how a node without an answer counts.
#include "proxy/server/node_stats_sum.h"

#include <gtest/gtest.h>

#include <string>

#include "common/protocol/response_parser.h"

namespace ringcache::proxy {
namespace {

common::Response parsed(const std::string& bytes) {
  common::Response r;
  auto result = common::parse_response(bytes, common::ResponseExpect::kStats, r);
  EXPECT_EQ(result.status, common::ParseStatus::kOk) << bytes;
  return r;
}

TEST(NodeStatsSumTest, AddsSummedFieldsAndIgnoresPerProcessOnes) {
  const std::string a = "STAT pid 10\r\nSTAT curr_items 3\r\nSTAT get_hits 7\r\n"
                        "STAT limit_maxbytes 64\r\nSTAT version 1.6.18\r\nEND\r\n";
  const std::string b = "STAT curr_items 4\r\nSTAT get_hits x1\r\nSTAT evictions 2\r\nEND\r\n";
  NodeStatsSum sum;
  const common::Response ra = parsed(a);
  const common::Response rb = parsed(b);
  sum.add(&ra);
  sum.add(&rb);
  EXPECT_EQ(sum.get("curr_items"), 7u);
  EXPECT_EQ(sum.get("get_hits"), 7u) << "a value that is not a number adds nothing";
  EXPECT_EQ(sum.get("limit_maxbytes"), 64u);
  EXPECT_EQ(sum.get("evictions"), 2u);
  EXPECT_EQ(sum.get("pid"), 0u);
  EXPECT_EQ(sum.asked(), 2u);
  EXPECT_EQ(sum.missing(), 0u);
}

TEST(NodeStatsSumTest, ANodeWithoutStatsIsMissingAndAddsNothing) {
  const std::string error = "SERVER_ERROR busy\r\n";
  common::Response r;
  common::parse_response(error, common::ResponseExpect::kStats, r);
  NodeStatsSum sum;
  sum.add(nullptr);
  sum.add(&r);
  EXPECT_EQ(sum.asked(), 2u);
  EXPECT_EQ(sum.missing(), 2u);
  std::string out;
  sum.write_coverage(out);
  EXPECT_EQ(out, "STAT proxy_stats_nodes 2\r\nSTAT proxy_stats_nodes_missing 2\r\n");
}

TEST(NodeStatsSumTest, WritesEverySummedFieldInMemcachedsOrder) {
  NodeStatsSum sum;
  std::string out;
  sum.write(NodeStatsSum::Section::kItems, out);
  EXPECT_EQ(out,
            "STAT bytes 0\r\nSTAT curr_items 0\r\nSTAT total_items 0\r\n"
            "STAT expired_unfetched 0\r\nSTAT evicted_unfetched 0\r\nSTAT evicted_active 0\r\n"
            "STAT evictions 0\r\nSTAT reclaimed 0\r\n");
}

}  // namespace
}  // namespace ringcache::proxy
