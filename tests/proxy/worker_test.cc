// Worker::install: a new tree keeps the backends (connections) of nodes still listed,
// drops the others, and requests already sent finish on the tree they started with.
#include <gtest/gtest.h>

#include "tests/proxy/session_harness.h"

namespace ringcache::proxy::test {
namespace {

using WorkerTest = SessionHarness;

TEST_F(WorkerTest, ReloadKeepsUnchangedNodesAndDropsRemovedOnes) {
  FakeBackend* kept = &node(1);
  common::ClusterConfig c = three_node_config();
  c.pools[0].nodes.erase(c.pools[0].nodes.begin());  // drop 127.0.0.2
  worker_->install(RouteTree::build(c, 2));
  EXPECT_FALSE(pool_->has("127.0.0.2:11211"));
  EXPECT_TRUE(pool_->has("127.0.0.3:11211"));
  EXPECT_EQ(&node(1), kept);
  EXPECT_EQ(worker_->tree()->generation(), 2u);
}

TEST_F(WorkerTest, InFlightRequestsFinishAfterASwapAndNewOnesUseTheNewRing) {
  send("get foo\r\n");  // to 127.0.0.3
  common::ClusterConfig c = three_node_config();
  c.pools[0].nodes = {common::RingNode{"127.0.0.9", 11211, 1, ""}};
  worker_->install(RouteTree::build(c, 2));
  // 127.0.0.3 left the config: the get already sent there still gets that node's reply.
  EXPECT_EQ(out(), "");
  send("get foo\r\n");
  FakeBackend& only = pool_->backend("127.0.0.9:11211");
  ASSERT_EQ(only.sent().size(), 1u);
  only.reply("VALUE foo 0 1\r\nx\r\nEND\r\n");
  EXPECT_EQ(out(), "") << "a reply overtook the one owed before it";
  FakeBackend* old = pool_->retired("127.0.0.3:11211");
  ASSERT_NE(old, nullptr);
  ASSERT_EQ(old->pending(), 1u);
  old->reply("VALUE foo 0 3\r\nold\r\nEND\r\n");
  EXPECT_EQ(out(), "VALUE foo 0 3\r\nold\r\nEND\r\nVALUE foo 0 1\r\nx\r\nEND\r\n");
}

TEST_F(WorkerTest, ARequestInFlightOnAKeptNodeGetsItsRealReply) {
  send("get foo\r\nget bar\r\n");
  common::ClusterConfig c = three_node_config();
  c.pools[0].nodes.push_back(common::RingNode{"127.0.0.9", 11211, 1, ""});
  worker_->install(RouteTree::build(c, 2));
  node(1).reply("VALUE foo 0 1\r\nf\r\nEND\r\n");
  node(2).reply("END\r\n");
  EXPECT_EQ(out(), "VALUE foo 0 1\r\nf\r\nEND\r\nEND\r\n");
}

}  // namespace
}  // namespace ringcache::proxy::test
