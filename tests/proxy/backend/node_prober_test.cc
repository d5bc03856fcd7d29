// Recovery of a down node: probes, and the flush owed when writes were missed.
#include "proxy/backend/node_prober.h"

#include <gtest/gtest.h>

#include "proxy/backend/backend_connection.h"
#include "proxy/backend/health_registry.h"
#include "tests/proxy/backend/backend_test_util.h"

namespace ringcache::proxy {
namespace {

using namespace testing;
using common::ResponseExpect;

struct DownNode {
  DownNode() {
    registry = std::make_shared<HealthRegistry>(test_config({node.address()}));
    health = registry->get(node.address());
    loop.run([&] {
      backend = std::make_unique<BackendConnection>(loop.loop(), health, BackendOptions{},
                                                    registry->timeouts());
    });
    node.go_away();
    send("get a\r\n", 0);  // refused: marks the node down
    EXPECT_TRUE(replies.wait_for(1));
    EXPECT_TRUE(health->is_down());
  }
  ~DownNode() {
    loop.run([&] { backend.reset(); });
  }
  void send(const std::string& request, int tag, ResponseExpect expect = ResponseExpect::kValues) {
    loop.run([&] { backend->send(request, expect, replies.callback(tag)); });
  }

  FakeNode node;
  LoopThread loop;
  std::shared_ptr<HealthRegistry> registry;
  std::shared_ptr<NodeHealth> health;
  std::unique_ptr<BackendConnection> backend;
  Replies replies;
};

TEST(NodeProberTest, ProbeBringsTheNodeBackWithoutFlushWhenOnlyReadsMissed) {
  DownNode d;
  d.send("get b\r\n", 1);
  EXPECT_EQ(d.replies.all()[1].status, BackendStatus::kDown);
  // Probes keep failing while the node is away (backoff 20..80 ms).
  std::this_thread::sleep_for(150ms);
  EXPECT_TRUE(d.health->is_down());
  EXPECT_GE(d.health->snapshot().probes, 2u);
  d.node.listen_again();
  ASSERT_TRUE(eventually([&] { return !d.health->is_down(); }));
  d.send("get c\r\n", 2);
  ASSERT_TRUE(d.replies.wait_for(3));
  EXPECT_EQ(d.replies.all()[2].status, BackendStatus::kOk);
  EXPECT_EQ(d.node.requests(), (std::vector<std::string>{"version", "get c"}));
  EXPECT_EQ(d.health->snapshot().flushes, 0u);
}

TEST(NodeProberTest, MissedWritesAreFlushedBeforeTrafficReturns) {
  DownNode d;
  d.send("set k 0 0 1\r\nv\r\n", 1, ResponseExpect::kStorage);
  EXPECT_EQ(d.replies.all()[1].status, BackendStatus::kDown);
  EXPECT_TRUE(d.health->snapshot().missed_writes);
  d.node.listen_again();
  ASSERT_TRUE(eventually([&] { return !d.health->is_down(); }));
  d.send("get k\r\n", 2);
  ASSERT_TRUE(d.replies.wait_for(3));
  EXPECT_EQ(d.node.requests(), (std::vector<std::string>{"version", "flush_all", "get k"}));
  auto s = d.health->snapshot();
  EXPECT_FALSE(s.missed_writes);
  EXPECT_EQ(s.flushes, 1u);
}

TEST(NodeProberTest, NodeStaysDownUntilTheFlushIsAcknowledged) {
  DownNode d;
  d.send("delete k\r\n", 1, ResponseExpect::kDelete);
  d.node.set_responder([](const std::string& line) {
    return line == "flush_all" ? std::string("SERVER_ERROR busy\r\n") : FakeNode::default_reply(line);
  });
  d.node.listen_again();
  ASSERT_TRUE(eventually([&] { return d.health->snapshot().probes >= 3; }));
  EXPECT_TRUE(d.health->is_down());
  d.send("get k\r\n", 2);
  EXPECT_EQ(d.replies.all()[2].status, BackendStatus::kDown);
  d.node.set_responder({});
  ASSERT_TRUE(eventually([&] { return !d.health->is_down(); }));
  for (const auto& r : d.node.requests()) EXPECT_NE(r, "get k");
}

TEST(NodeProberTest, HungNodeKeepsFailingProbesWithinTheReplyTimeout) {
  DownNode d;
  d.node.set_silent(true);
  d.node.listen_again();
  ASSERT_TRUE(eventually([&] { return d.health->snapshot().probes >= 2; }));
  EXPECT_TRUE(d.health->is_down());
  EXPECT_NE(d.health->snapshot().last_error.find("no reply to version"), std::string::npos);
}

}  // namespace
}  // namespace ringcache::proxy
