#include "proxy/backend/backend_pool.h"

#include <gtest/gtest.h>

#include "proxy/backend/health_registry.h"
#include "tests/proxy/backend/backend_test_util.h"

namespace ringcache::proxy {
namespace {

using namespace testing;
using common::ResponseExpect;

TEST(BackendPoolTest, OneBackendPerAddressSharingTheNodeHealth) {
  FakeNode node;
  auto registry = std::make_shared<HealthRegistry>(test_config({node.address()}));
  LoopThread a, b;
  std::unique_ptr<BackendPool> pool_a, pool_b;
  a.run([&] { pool_a = make_backend_pool(a.loop(), registry); });
  b.run([&] { pool_b = make_backend_pool(b.loop(), registry); });
  Replies replies;
  a.run([&] {
    Backend& first = pool_a->get(node.address());
    EXPECT_EQ(&first, &pool_a->get(node.address()));
    EXPECT_EQ(first.address(), node.address());
    first.send("get x\r\n", ResponseExpect::kValues, replies.callback(1));
  });
  b.run([&] {
    pool_b->get(node.address()).send("get y\r\n", ResponseExpect::kValues, replies.callback(2));
  });
  ASSERT_TRUE(replies.wait_for(2));
  EXPECT_EQ(node.accepted(), 2);  // one connection per worker
  EXPECT_EQ(registry->snapshot().at(0).requests, 2u);
  a.run([&] { pool_a.reset(); });
  b.run([&] { pool_b.reset(); });
}

TEST(BackendPoolTest, RetainKeepsTheOthersConnectedAndLetsARemovedNodeFinishItsRequests) {
  FakeNode kept, removed;
  removed.set_split_pause(300ms);  // its reply is still on the way when the reload lands
  auto config = test_config({kept.address(), removed.address()});
  config.timeouts.reply_ms = 2000;
  auto registry = std::make_shared<HealthRegistry>(config);
  LoopThread loop;
  std::unique_ptr<BackendPool> pool;
  Replies replies;
  loop.run([&] {
    pool = make_backend_pool(loop.loop(), registry);
    pool->get(kept.address()).send("get a\r\n", ResponseExpect::kValues, replies.callback(1));
    pool->get(removed.address()).send("get b\r\n", ResponseExpect::kValues, replies.callback(2));
  });
  ASSERT_TRUE(replies.wait_for(1));
  ASSERT_TRUE(eventually([&] { return removed.requests().size() == 1; }));
  auto kept_health = registry->get(kept.address());

  config.pools[0].nodes.pop_back();
  registry->update(config);
  EXPECT_EQ(registry->get(kept.address()), kept_health);  // survives the reload
  loop.run([&] { pool->retain({kept.address()}); });
  ASSERT_TRUE(replies.wait_for(2));
  EXPECT_EQ(replies.all()[1].tag, 2);
  EXPECT_EQ(replies.all()[1].status, BackendStatus::kOk);  // finished on the old connection
  EXPECT_EQ(replies.all()[1].first_value, "v-b");
  EXPECT_TRUE(eventually([&] { return removed.open_connections() == 0; }))
      << "the removed node's connection stays open after its last reply";

  loop.run([&] {
    pool->get(kept.address()).send("get c\r\n", ResponseExpect::kValues, replies.callback(3));
  });
  ASSERT_TRUE(replies.wait_for(3));
  EXPECT_EQ(replies.all()[2].status, BackendStatus::kOk);
  EXPECT_EQ(kept.accepted(), 1);  // same connection
  auto snapshot = registry->snapshot();
  ASSERT_EQ(snapshot.size(), 1u);
  EXPECT_EQ(snapshot[0].address, kept.address());
  EXPECT_EQ(snapshot[0].requests, 2u);
  loop.run([&] { pool.reset(); });
}

TEST(BackendPoolTest, ARemovedNodeThatNeverAnswersIsClosedAfterTheReplyTimeout) {
  FakeNode removed;
  removed.set_silent(true);
  auto registry = std::make_shared<HealthRegistry>(test_config({removed.address()}));
  LoopThread loop;
  std::unique_ptr<BackendPool> pool;
  Replies replies;
  const auto sent = std::chrono::steady_clock::now();
  loop.run([&] {
    pool = make_backend_pool(loop.loop(), registry);
    pool->get(removed.address()).send("get a\r\n", ResponseExpect::kValues, replies.callback(1));
    pool->retain({});
  });
  ASSERT_TRUE(replies.wait_for(1));
  EXPECT_EQ(replies.all()[0].status, BackendStatus::kTimeout);
  EXPECT_GE(replies.all()[0].at - sent, 190ms);  // test_config: reply_ms 200
  EXPECT_TRUE(eventually([&] { return removed.open_connections() == 0; }));
  loop.run([&] { pool.reset(); });
}

TEST(BackendPoolTest, ARetainInsideAReplyCallbackIsSafe) {
  FakeNode node;
  auto registry = std::make_shared<HealthRegistry>(test_config({node.address()}));
  LoopThread loop;
  std::unique_ptr<BackendPool> pool;
  Replies replies;
  loop.run([&] {
    pool = make_backend_pool(loop.loop(), registry);
    pool->get(node.address()).send("get a\r\n", ResponseExpect::kValues, [&](BackendResult&& r) {
      pool->retain({});  // drops the backend calling us; "get b" is still pending on it
      replies.callback(1)(std::move(r));
    });
    pool->get(node.address()).send("get b\r\n", ResponseExpect::kValues, [&](BackendResult&& r) {
      replies.callback(2)(std::move(r));
      pool->retain({});  // the last reply of a draining backend: a second retain is harmless
    });
  });
  ASSERT_TRUE(replies.wait_for(2));
  EXPECT_EQ(replies.all()[0].tag, 1);
  EXPECT_EQ(replies.all()[0].status, BackendStatus::kOk);
  EXPECT_EQ(replies.all()[1].tag, 2);
  EXPECT_EQ(replies.all()[1].status, BackendStatus::kOk);
  EXPECT_TRUE(eventually([&] { return node.open_connections() == 0; }));
  loop.run([&] { pool.reset(); });
}

TEST(BackendPoolTest, NodeAddressesAreHostColonPort) {
  common::RingNode v4{"10.0.0.1", 11211, 1, ""};
  common::RingNode v6{"::1", 11212, 1, "named"};
  EXPECT_EQ(node_address(v4), "10.0.0.1:11211");
  EXPECT_EQ(node_address(v6), "[::1]:11212");
}

}  // namespace
}  // namespace ringcache::proxy
