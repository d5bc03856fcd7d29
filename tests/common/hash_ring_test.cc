#include "common/hash/hash_ring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace ringcache::common {
namespace {

std::vector<RingNode> loopback_nodes(std::size_t n, uint16_t first_port) {
  std::vector<RingNode> nodes;
  for (std::size_t i = 0; i < n; ++i) {
    nodes.push_back({"127.0.0.1", static_cast<uint16_t>(first_port + i), 1, ""});
  }
  return nodes;
}

// DESIGN.md section 2: what libmemcached (ketama weighted) and twemproxy (ketama + md5)
// choose for 127.0.0.2..4:11211.
TEST(HashRingTest, KetamaGoldenVectors) {
  const HashRing ring(
      {{"127.0.0.2", 11211, 1, ""}, {"127.0.0.3", 11211, 1, ""}, {"127.0.0.4", 11211, 1, ""}});
  const std::pair<const char*, const char*> cases[] = {
      {"foo", "127.0.0.3"},    {"bar", "127.0.0.4"},   {"hello", "127.0.0.4"},
      {"user:1", "127.0.0.3"}, {"key:0", "127.0.0.3"}, {"key:1", "127.0.0.3"},
      {"key:2", "127.0.0.2"},  {"a", "127.0.0.3"},     {"z", "127.0.0.3"}};
  for (const auto& [key, host] : cases) {
    EXPECT_EQ(ring.nodes()[ring.node_for(key)].host, host) << key;
  }
}

TEST(HashRingTest, ServerNameOmitsOnlyTheDefaultPort) {
  EXPECT_EQ(ketama_server_name({"10.0.0.1", 11211, 1, ""}), "10.0.0.1");
  EXPECT_EQ(ketama_server_name({"10.0.0.1", 11212, 1, ""}), "10.0.0.1:11212");
  EXPECT_EQ(ketama_server_name({"cache-a", 11211, 1, ""}), "cache-a");
  // twemproxy's "host:port:weight name": the name alone is hashed.
  EXPECT_EQ(ketama_server_name({"10.0.0.1", 11212, 1, "server1"}), "server1");
}

TEST(HashRingTest, NameReplacesAddressOnTheRing) {
  // Same names, different addresses: the same key goes to the same position.
  const HashRing a({{"10.0.0.1", 1000, 1, "n1"}, {"10.0.0.2", 1000, 1, "n2"}});
  const HashRing b({{"10.9.9.9", 2000, 1, "n1"}, {"10.8.8.8", 3000, 1, "n2"}});
  for (int i = 0; i < 500; ++i) {
    const std::string key = "k" + std::to_string(i);
    ASSERT_EQ(a.node_for(key), b.node_for(key)) << key;
  }
}

TEST(HashRingTest, PointCountsUseSinglePrecision) {
  EXPECT_EQ(ketama_point_count(1, 3, 3), 160u);
  EXPECT_EQ(ketama_point_count(1, 6, 3), 80u);
  EXPECT_EQ(ketama_point_count(2, 6, 3), 160u);
  EXPECT_EQ(ketama_point_count(3, 6, 3), 240u);
  // 1/25 * 160 / 4 * 25 is 39.999998 in float: libmemcached and twemproxy give 156 points.
  EXPECT_EQ(ketama_point_count(1, 25, 25), 156u);
  EXPECT_EQ(ketama_point_count(4, 55, 10), 116u);
  EXPECT_EQ(ketama_point_count(1, 1000001, 2), 0u);  // a negligible weight gets no point
}

TEST(HashRingTest, RingHoldsPointsPerWeight) {
  const HashRing ring({{"h", 1, 1, ""}, {"h", 2, 2, ""}, {"h", 3, 3, ""}});
  EXPECT_EQ(ring.points_of(0), 80u);
  EXPECT_EQ(ring.points_of(1), 160u);
  EXPECT_EQ(ring.points_of(2), 240u);
  EXPECT_EQ(ring.point_count(), 480u);
  const HashRing big(loopback_nodes(25, 20000));
  EXPECT_EQ(big.point_count(), 25u * 156u);
}

TEST(HashRingTest, WeightsShareKeysProportionally) {
  const HashRing ring({{"h", 1, 1, ""}, {"h", 2, 2, ""}, {"h", 3, 3, ""}});
  std::vector<int> hits(3);
  const int n = 60000;
  for (int i = 0; i < n; ++i) ++hits[ring.node_for("key:" + std::to_string(i))];
  EXPECT_NEAR(hits[0], n / 6, n / 30);
  EXPECT_NEAR(hits[1], n / 3, n / 30);
  EXPECT_NEAR(hits[2], n / 2, n / 30);
}

TEST(HashRingTest, SingleNodeOwnsEverything) {
  const HashRing ring({{"only", 11211, 7, ""}});
  for (const char* key : {"a", "b", "", "zzz"}) EXPECT_EQ(ring.node_for(key), 0u);
}

TEST(HashRingTest, RemovingOneOfNMovesAboutOneNth) {
  const auto all = loopback_nodes(10, 30000);
  auto fewer = all;
  fewer.erase(fewer.begin() + 4);
  const HashRing before(all);
  const HashRing after(fewer);
  const int n = 20000;
  int moved = 0;
  for (int i = 0; i < n; ++i) {
    const std::string key = "user:" + std::to_string(i);
    const RingNode& was = all[before.node_for(key)];
    const RingNode& now = fewer[after.node_for(key)];
    if (was.port == 30004) continue;  // its keys must move
    if (!(was == now)) ++moved;
  }
  // Only the removed node's keys move: 9 nodes keep the same 160 points each as 10 did,
  // so every other key stays where it was.
  EXPECT_EQ(moved, 0);
}

TEST(HashRingTest, OrderOfNodesDoesNotChangePlacement) {
  auto nodes = loopback_nodes(5, 40000);
  const HashRing forward(nodes);
  std::reverse(nodes.begin(), nodes.end());
  const HashRing backward(nodes);
  for (int i = 0; i < 2000; ++i) {
    const std::string key = "k" + std::to_string(i);
    ASSERT_EQ(forward.nodes()[forward.node_for(key)], backward.nodes()[backward.node_for(key)]);
  }
}

TEST(HashRingTest, RejectsEmptyListAndZeroWeight) {
  EXPECT_THROW(HashRing({}), std::invalid_argument);
  EXPECT_THROW(HashRing({{"h", 1, 0, ""}}), std::invalid_argument);
  const auto too_heavy = static_cast<uint32_t>(HashRing::kMaxJumpBuckets + 1);
  EXPECT_THROW(HashRing({{"h", 1, too_heavy, ""}}, HashMode::kJump), std::invalid_argument);
  EXPECT_NO_THROW(HashRing({{"h", 1, too_heavy, ""}}, HashMode::kKetama));
}

// Independent reference: the paper's algorithm run in Python over the same key hash.
TEST(HashRingTest, JumpConsistentHashGoldenVectors) {
  EXPECT_EQ(jump_consistent_hash(0x5cf8c24cdb18bdacULL, 1000), 527u);  // foo
  EXPECT_EQ(jump_consistent_hash(0xe413754a191db537ULL, 10), 6u);      // bar
  EXPECT_EQ(jump_consistent_hash(0x762a4bbc2a40415dULL, 5), 3u);       // hello
  EXPECT_EQ(jump_consistent_hash(0x8622639c82ab86dfULL, 3), 2u);       // key:0
  EXPECT_EQ(jump_consistent_hash(0xa8b6f1c0b975c10cULL, 1000), 310u);  // a
  std::vector<RingNode> nodes;
  for (int i = 0; i < 1000; ++i) nodes.push_back({"n" + std::to_string(i), 1, 1, ""});
  const HashRing ring(nodes, HashMode::kJump);
  EXPECT_EQ(ring.node_for("foo"), 527u);
  EXPECT_EQ(ring.node_for("z"), 641u);
  EXPECT_EQ(ring.point_count(), 0u);
}

TEST(HashRingTest, JumpAppendingANodeOnlyMovesKeysToIt) {
  const auto nodes = loopback_nodes(6, 50000);
  const HashRing before(std::vector<RingNode>(nodes.begin(), nodes.end() - 1), HashMode::kJump);
  const HashRing after(nodes, HashMode::kJump);
  int moved = 0;
  const int n = 30000;
  for (int i = 0; i < n; ++i) {
    const std::string key = "k" + std::to_string(i);
    const std::size_t was = before.node_for(key);
    const std::size_t now = after.node_for(key);
    if (was != now) {
      ASSERT_EQ(now, 5u) << key;
      ++moved;
    }
  }
  EXPECT_NEAR(moved, n / 6, n / 50);
}

TEST(HashRingTest, JumpWeightsAreBucketCounts) {
  const HashRing ring({{"a", 1, 1, ""}, {"b", 1, 3, ""}}, HashMode::kJump);
  int hits_b = 0;
  const int n = 40000;
  for (int i = 0; i < n; ++i) hits_b += ring.node_for("k" + std::to_string(i)) == 1 ? 1 : 0;
  EXPECT_NEAR(hits_b, 3 * n / 4, n / 50);
}

}  // namespace
}  // namespace ringcache::common
