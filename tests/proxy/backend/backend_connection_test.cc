#include "proxy/backend/backend_connection.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "proxy/backend/health_registry.h"
#include "tests/proxy/backend/backend_test_util.h"

namespace ringcache::proxy {
namespace {

using namespace testing;
using common::ResponseExpect;

std::string get_request(int i) { return "get k" + std::to_string(i) + "\r\n"; }

/// One node's backend on a loop thread, with the registry it reports to.
struct Fixture {
  explicit Fixture(const std::string& address,
                   std::function<void(common::ClusterConfig&)> tweak = {}) {
    auto config = test_config({address});
    if (tweak) tweak(config);
    registry = std::make_shared<HealthRegistry>(config);
    health = registry->get(address);
    loop.run([&] {
      backend = std::make_unique<BackendConnection>(loop.loop(), health, BackendOptions{},
                                                    registry->timeouts());
    });
  }
  ~Fixture() {
    loop.run([&] { backend.reset(); });
  }
  void send(const std::string& request, int tag, ResponseExpect expect = ResponseExpect::kValues) {
    loop.run([&] { backend->send(request, expect, replies.callback(tag)); });
  }

  LoopThread loop;
  std::shared_ptr<HealthRegistry> registry;
  std::shared_ptr<NodeHealth> health;
  std::unique_ptr<BackendConnection> backend;
  Replies replies;
};

TEST(BackendConnectionTest, PipelinedRequestsAreAnsweredInOrderAndSentInOneBatch) {
  FakeNode node;
  Fixture f(node.address());
  f.send(get_request(0), 0);  // connects
  ASSERT_TRUE(f.replies.wait_for(1));
  std::size_t reads_before = node.reads().size();
  constexpr int kCount = 50;
  f.loop.run([&] {
    for (int i = 1; i <= kCount; ++i) {
      f.backend->send(get_request(i), ResponseExpect::kValues, f.replies.callback(i));
    }
  });
  ASSERT_TRUE(f.replies.wait_for(kCount + 1));
  auto replies = f.replies.all();
  for (int i = 0; i <= kCount; ++i) {
    EXPECT_EQ(replies[i].tag, i);
    EXPECT_EQ(replies[i].status, BackendStatus::kOk);
    EXPECT_EQ(replies[i].first_value, "v-k" + std::to_string(i));
  }
  // All 50 gets queued in one loop iteration left as one command, in one write.
  std::string merged = "get";
  for (int i = 1; i <= kCount; ++i) merged += " k" + std::to_string(i);
  auto reads = node.reads();
  ASSERT_GT(reads.size(), reads_before);
  EXPECT_EQ(reads[reads_before], merged + "\r\n");
  EXPECT_EQ(replies[7].bytes, "VALUE k7 0 4\r\nv-k7\r\nEND\r\n");  // its part of the reply
  EXPECT_EQ(node.accepted(), 1);
}

TEST(BackendConnectionTest, MergedGetsKeepTheirOrderAroundOtherRequests) {
  FakeNode node;
  node.set_responder([](const std::string& line) {
    if (line.rfind("gets ", 0) == 0) return std::string("VALUE g 0 1 77\r\nx\r\nEND\r\n");
    return FakeNode::default_reply(line);
  });
  Fixture f(node.address());
  f.loop.run([&] {
    auto send = [&](std::string_view request, int tag, ResponseExpect e = ResponseExpect::kValues) {
      f.backend->send(request, e, f.replies.callback(tag));
    };
    send("get a\r\n", 1);
    send("get miss1 b\r\n", 2);  // miss1 misses: only b comes back
    send("delete x\r\n", 3, ResponseExpect::kDelete);
    send("get c\r\n", 4);
    send("get c\r\n", 5);       // the same key twice: each gets its own item
    send("gets g\r\n", 6);      // another command: not merged with gets
    send("get  d\r\n", 7);      // not in the usual form: sent as it came
    send("get miss2\r\n", 8);
  });
  ASSERT_TRUE(f.replies.wait_for(8));
  EXPECT_EQ(node.requests(), (std::vector<std::string>{"get a miss1 b", "delete x", "get c c",
                                                      "gets g", "get  d", "get miss2"}));
  auto r = f.replies.all();
  ASSERT_EQ(r.size(), 8u);
  const char* expected[] = {"VALUE a 0 3\r\nv-a\r\nEND\r\n", "VALUE b 0 3\r\nv-b\r\nEND\r\n",
                            "DELETED\r\n", "VALUE c 0 3\r\nv-c\r\nEND\r\n",
                            "VALUE c 0 3\r\nv-c\r\nEND\r\n", "VALUE g 0 1 77\r\nx\r\nEND\r\n",
                            "VALUE d 0 3\r\nv-d\r\nEND\r\n", "END\r\n"};
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(r[i].tag, i + 1);
    EXPECT_EQ(r[i].status, BackendStatus::kOk);
    EXPECT_EQ(r[i].bytes, expected[i]) << "request " << i + 1;
  }
  EXPECT_EQ(r[1].first_value, "v-b");
}

TEST(BackendConnectionTest, AnErrorReplyToAMergedGetAnswersEachOfItsRequests) {
  FakeNode node;
  node.set_responder([](const std::string& line) {
    if (line == "get a b c") return std::string("VALUE a 0 1\r\n1\r\nSERVER_ERROR out of memory\r\n");
    return FakeNode::default_reply(line);
  });
  Fixture f(node.address());
  f.loop.run([&] {
    for (int i = 0; i < 3; ++i) {
      std::string request = std::string("get ") + static_cast<char>('a' + i) + "\r\n";
      f.backend->send(request, ResponseExpect::kValues, f.replies.callback(i));
    }
  });
  ASSERT_TRUE(f.replies.wait_for(3));
  auto r = f.replies.all();
  EXPECT_EQ(r[0].bytes, "VALUE a 0 1\r\n1\r\nSERVER_ERROR out of memory\r\n");
  EXPECT_EQ(r[1].bytes, "SERVER_ERROR out of memory\r\n");
  EXPECT_EQ(r[2].bytes, "SERVER_ERROR out of memory\r\n");
  // The connection stayed in step.
  f.send(get_request(4), 4);
  ASSERT_TRUE(f.replies.wait_for(4));
  EXPECT_EQ(f.replies.all()[3].first_value, "v-k4");
  EXPECT_EQ(node.accepted(), 1);
}

TEST(BackendConnectionTest, AMergedGetHasBoundedSize) {
  FakeNode node;
  Fixture f(node.address());
  constexpr int kCount = 100;
  f.loop.run([&] {
    for (int i = 0; i < kCount; ++i) {
      f.backend->send(get_request(i), ResponseExpect::kValues, f.replies.callback(i));
    }
  });
  ASSERT_TRUE(f.replies.wait_for(kCount));
  auto lines = node.requests();
  ASSERT_EQ(lines.size(), 2u);  // 64 requests, then the rest
  EXPECT_EQ(std::count(lines[0].begin(), lines[0].end(), ' '), 64);
  auto r = f.replies.all();
  for (int i = 0; i < kCount; ++i) EXPECT_EQ(r[i].first_value, "v-k" + std::to_string(i));
}

TEST(BackendConnectionTest, ReplySplitAcrossReadsIsReassembled) {
  FakeNode node;
  std::string big(3000, 'x');
  node.set_responder([&](const std::string& line) {
    if (line == "get big") return "VALUE big 5 3000\r\n" + big + "\r\nEND\r\n";
    return FakeNode::default_reply(line);
  });
  node.set_split_pause(30ms);
  Fixture f(node.address());
  f.send("get big\r\n", 1);
  f.send("delete k\r\n", 2, ResponseExpect::kDelete);
  ASSERT_TRUE(f.replies.wait_for(2));
  auto replies = f.replies.all();
  EXPECT_EQ(replies[0].status, BackendStatus::kOk);
  EXPECT_EQ(replies[0].first_value, big);
  EXPECT_EQ(replies[1].status, BackendStatus::kOk);
  EXPECT_EQ(replies[1].bytes, "DELETED\r\n");
}

TEST(BackendConnectionTest, TimeoutMarksTheRequestFailsTheRestAndReconnects) {
  FakeNode node;
  node.set_silent(true);
  Fixture f(node.address(), [](auto& c) { c.failure_detection.consecutive_timeouts = 3; });
  auto start = std::chrono::steady_clock::now();
  f.loop.run([&] {
    for (int i = 0; i < 3; ++i) {
      f.backend->send(get_request(i), ResponseExpect::kValues, f.replies.callback(i));
    }
  });
  ASSERT_TRUE(f.replies.wait_for(3));
  auto replies = f.replies.all();
  EXPECT_EQ(replies[0].status, BackendStatus::kTimeout);
  EXPECT_EQ(replies[1].status, BackendStatus::kFailed);
  EXPECT_EQ(replies[2].status, BackendStatus::kFailed);
  auto waited = replies[0].at - start;
  EXPECT_GE(waited, 190ms);  // reply_ms is 200
  EXPECT_LT(waited, 1500ms);
  auto s = f.health->snapshot();
  EXPECT_FALSE(s.down);  // one timeout of the three it takes
  EXPECT_EQ(s.timeouts, 1u);
  EXPECT_EQ(s.failures, 2u);
  EXPECT_FALSE(s.missed_writes);  // only gets failed

  // The node answers again: the next request opens a new connection and gets its reply.
  node.set_silent(false);
  f.send(get_request(9), 9);
  ASSERT_TRUE(f.replies.wait_for(4));
  EXPECT_EQ(f.replies.all()[3].status, BackendStatus::kOk);
  EXPECT_EQ(node.accepted(), 2);
  EXPECT_EQ(f.health->snapshot().consecutive_timeouts, 0u);
}

TEST(BackendConnectionTest, ConsecutiveTimeoutsMarkTheNodeDownAndThenFailFast) {
  FakeNode node;
  node.set_silent(true);
  Fixture f(node.address(), [](auto& c) {
    c.failure_detection.probe_backoff_min_ms = 2000;  // no probe during the test
    c.failure_detection.probe_backoff_max_ms = 4000;
  });
  f.send("set k 0 0 1\r\nv\r\n", 1, ResponseExpect::kStorage);
  ASSERT_TRUE(f.replies.wait_for(1));
  EXPECT_FALSE(f.health->is_down());
  EXPECT_TRUE(f.health->snapshot().missed_writes);  // the set may not have been applied
  f.send(get_request(2), 2);
  ASSERT_TRUE(f.replies.wait_for(2));
  EXPECT_TRUE(f.health->is_down());
  int accepted = node.accepted();
  f.send(get_request(3), 3);  // answered inside send(): run() returned after the callback
  EXPECT_EQ(f.replies.size(), 3u);
  EXPECT_EQ(f.replies.all()[2].status, BackendStatus::kDown);
  EXPECT_EQ(node.accepted(), accepted);
  EXPECT_EQ(f.health->snapshot().fast_fails, 1u);
}

TEST(BackendConnectionTest, UnframeableReplyClosesTheConnection) {
  FakeNode node;
  node.set_responder([](const std::string& line) {
    // Also when the gets below are merged into one command.
    return line.rfind("get bad", 0) == 0 ? std::string("BOGUS\r\n") : FakeNode::default_reply(line);
  });
  Fixture f(node.address());
  f.loop.run([&] {
    f.backend->send("get bad\r\n", ResponseExpect::kValues, f.replies.callback(1));
    f.backend->send(get_request(2), ResponseExpect::kValues, f.replies.callback(2));
  });
  ASSERT_TRUE(f.replies.wait_for(2));
  EXPECT_EQ(f.replies.all()[0].status, BackendStatus::kFailed);
  EXPECT_EQ(f.replies.all()[1].status, BackendStatus::kFailed);
  f.send(get_request(3), 3);
  ASSERT_TRUE(f.replies.wait_for(3));
  EXPECT_EQ(f.replies.all()[2].status, BackendStatus::kOk);
  EXPECT_EQ(node.accepted(), 2);
  EXPECT_FALSE(f.health->is_down());
}

TEST(BackendConnectionTest, RefusedConnectMarksDownAndLaterRequestsFailFast) {
  std::string address = "127.0.0.1:" + std::to_string(closed_port());
  Fixture f(address, [](auto& c) { c.failure_detection.probe_backoff_min_ms = 2000; });
  f.send(get_request(1), 1);
  ASSERT_TRUE(f.replies.wait_for(1));
  EXPECT_EQ(f.replies.all()[0].status, BackendStatus::kFailed);
  EXPECT_TRUE(f.health->is_down());
  EXPECT_NE(f.health->snapshot().last_error.find("refused"), std::string::npos);
  f.send("delete k\r\n", 2, ResponseExpect::kDelete);
  EXPECT_EQ(f.replies.size(), 2u);  // answered at once
  EXPECT_EQ(f.replies.all()[1].status, BackendStatus::kDown);
  EXPECT_TRUE(f.health->snapshot().missed_writes);
}

TEST(BackendConnectionTest, ReconnectBackoffIsBoundedAndFailsFastMeanwhile) {
  // A one-node pool with max_down_share 0.5: the node is never marked down (fail open), so
  // the backend keeps reconnecting, waiting 20..80 ms (the backoff bounds) in between.
  std::string address = "127.0.0.1:" + std::to_string(closed_port());
  Fixture f(address, [](auto& c) { c.failure_detection.max_down_share = 0.5; });
  std::size_t sent = 0;
  std::vector<Backoff::Duration> waits;
  auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 600ms) {
    f.send(get_request(static_cast<int>(sent)), static_cast<int>(sent));
    ASSERT_TRUE(f.replies.wait_for(++sent));
    f.loop.run([&] { waits.push_back(f.backend->last_backoff()); });
    std::this_thread::sleep_for(2ms);
  }
  for (const auto& r : f.replies.all()) EXPECT_EQ(r.status, BackendStatus::kFailed);
  for (auto w : waits) {
    EXPECT_GE(w, 20ms);
    EXPECT_LE(w, 80ms);
  }
  EXPECT_GE(*std::max_element(waits.begin(), waits.end()), 40ms);  // it grew
  auto s = f.health->snapshot();
  EXPECT_FALSE(s.down);
  EXPECT_GT(s.guard_refusals, 0u);
  // Connect attempts: one per backoff period at most (600 ms / 20 ms), and requests sent
  // during a backoff failed without one.
  uint64_t attempts = s.reconnects + 1;
  EXPECT_GE(attempts, 4u);
  EXPECT_LE(attempts, 32u);
  EXPECT_LT(attempts * 2, sent);
}

TEST(BackendConnectionTest, NodeClosingTheConnectionFailsPendingRequestsOnly) {
  FakeNode node;
  node.set_silent(true);
  Fixture f(node.address());
  f.send(get_request(1), 1);
  ASSERT_TRUE(eventually([&] { return node.requests().size() == 1; }));
  node.drop_connections();  // a clean close (FIN): not a reason to mark the node down
  ASSERT_TRUE(f.replies.wait_for(1));
  EXPECT_EQ(f.replies.all()[0].status, BackendStatus::kFailed);
  EXPECT_FALSE(f.health->is_down());
  node.set_silent(false);
  f.send(get_request(2), 2);
  ASSERT_TRUE(f.replies.wait_for(2));
  EXPECT_EQ(f.replies.all()[1].status, BackendStatus::kOk);
}

TEST(BackendConnectionTest, ConnectTimeoutsCountTowardsMarkingDown) {
  // A listener whose accept queue is full drops SYNs: connects hang until connect_ms.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ::listen(fd, 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(::connect(filler, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);

  Fixture f("127.0.0.1:" + std::to_string(port), [](auto& c) {
    c.timeouts.connect_ms = 100;
    c.failure_detection.probe_backoff_min_ms = 300;  // no probe during the test
    c.failure_detection.probe_backoff_max_ms = 400;
  });
  f.send(get_request(1), 1);
  ASSERT_TRUE(f.replies.wait_for(1));
  EXPECT_EQ(f.replies.all()[0].status, BackendStatus::kFailed);
  EXPECT_FALSE(f.health->is_down());
  EXPECT_EQ(f.health->snapshot().timeouts, 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(f.backend->last_backoff()) + 5ms);
  f.send(get_request(2), 2);
  ASSERT_TRUE(f.replies.wait_for(2));
  EXPECT_TRUE(f.health->is_down());  // the second in a row
  ::close(filler);
  ::close(fd);
}

}  // namespace
}  // namespace ringcache::proxy
