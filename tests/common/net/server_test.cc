// The Server with an echo handler: accepting, many clients, big and pipelined input,
// the connection limit, unix sockets and graceful stop.
#include "common/net/server.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <climits>
#include <random>
#include <vector>

#include "tests/common/net/net_test_util.h"

namespace ringcache::common::testing {
namespace {

TEST(ServerTest, EchoesOverTcp) {
  ServerOptions opts;
  opts.threads = 2;
  RunningServer rs(opts, echo_factory());
  ASSERT_EQ(rs.error(), "");
  ASSERT_GT(rs.port(), 0);
  Client c(rs.port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.send_all("hello\nworld\n"));
  EXPECT_EQ(c.read_exactly(12), "hello\nworld\n");
  EXPECT_EQ(rs.stop_and_join() < 2000ms, true);
  EXPECT_EQ(rs.exit_code(), 0);
}

TEST(ServerTest, ServesTwoThousandConcurrentClients) {
  ServerOptions opts;
  opts.threads = 4;
  std::atomic<int> opened{0}, closed{0};
  Server::Hooks hooks;
  hooks.opened = [&](const Connection&) { opened++; };
  hooks.closed = [&](const Connection&) { closed++; };
  RunningServer rs(opts, echo_factory(), hooks);
  ASSERT_EQ(rs.error(), "");
  constexpr int kClients = 2000;
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<Client>(rs.port()));
    ASSERT_TRUE(clients.back()->connected()) << i;
  }
  for (int i = 0; i < kClients; ++i) {
    ASSERT_TRUE(clients[i]->send_all("client " + std::to_string(i) + "\n"));
  }
  for (int i = 0; i < kClients; ++i) {
    std::string want = "client " + std::to_string(i) + "\n";
    ASSERT_EQ(clients[i]->read_exactly(want.size()), want) << i;
  }
  EXPECT_TRUE(RunningServer::eventually([&] { return rs.server().open_connections() == kClients; }));
  std::size_t seen = 0;
  rs.server().for_each_connection([&](const Connection& c) {
    seen += c.peer_address().rfind("tcp:127.0.0.1:", 0) == 0 ? 1 : 0;
  });
  EXPECT_EQ(seen, static_cast<std::size_t>(kClients));
  clients.clear();
  EXPECT_TRUE(RunningServer::eventually([&] { return rs.server().open_connections() == 0; }));
  EXPECT_EQ(opened.load(), kClients);
  EXPECT_EQ(closed.load(), kClients);
}

TEST(ServerTest, PipelinedInputSplitAtRandomPointsComesBackIntact) {
  ServerOptions opts;
  opts.threads = 2;
  RunningServer rs(opts, echo_factory());
  ASSERT_EQ(rs.error(), "");
  std::string input;
  std::mt19937 rng(42);
  for (int i = 0; input.size() < (2u << 20); ++i) {
    input += "line " + std::to_string(i) + " " + std::string(rng() % 300, 'a' + i % 26) + "\n";
  }
  input += std::string(300000, 'B') + "\n";  // one request far bigger than a read buffer
  Client c(rs.port());
  ASSERT_TRUE(c.connected());
  std::string got;
  std::thread reader([&] { got = c.read_exactly(input.size(), 20000ms); });
  for (std::size_t off = 0; off < input.size();) {
    std::size_t n = std::min<std::size_t>(1 + rng() % 40000, input.size() - off);
    ASSERT_TRUE(c.send_all(std::string_view(input).substr(off, n)));
    off += n;
  }
  reader.join();
  EXPECT_EQ(got.size(), input.size());
  EXPECT_TRUE(got == input);
}

TEST(ServerTest, RejectsClientsBeyondTheConnectionLimit) {
  ServerOptions opts;
  opts.threads = 2;
  opts.max_connections = 3;
  std::atomic<int> rejected{0};
  Server::Hooks hooks;
  hooks.rejected = [&] { rejected++; };
  RunningServer rs(opts, echo_factory(), hooks);
  ASSERT_EQ(rs.error(), "");
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<Client>(rs.port()));
    ASSERT_TRUE(clients.back()->send_all("x\n"));
    ASSERT_EQ(clients.back()->read_exactly(2), "x\n");
  }
  Client extra(rs.port());
  std::string got;
  EXPECT_TRUE(extra.read_to_eof(&got));
  EXPECT_EQ(got, "ERROR Too many open connections\r\n");
  // The hook runs on the control thread after the reply is sent: wait for it.
  EXPECT_TRUE(RunningServer::eventually([&] { return rejected.load() == 1; }));
  // The others are unaffected, and a freed slot can be used again.
  ASSERT_TRUE(clients[0]->send_all("still\n"));
  EXPECT_EQ(clients[0]->read_exactly(6), "still\n");
  clients.pop_back();
  ASSERT_TRUE(RunningServer::eventually([&] { return rs.server().open_connections() == 2; }));
  Client again(rs.port());
  ASSERT_TRUE(again.send_all("ok\n"));
  EXPECT_EQ(again.read_exactly(3), "ok\n");
}

TEST(ServerTest, WithoutFastRejectClientsWaitForAFreeSlot) {
  ServerOptions opts;
  opts.max_connections = 2;
  opts.reject_at_limit = false;
  RunningServer rs(opts, echo_factory());
  ASSERT_EQ(rs.error(), "");
  auto first = std::make_unique<Client>(rs.port());
  Client second(rs.port());
  ASSERT_TRUE(first->send_all("a\n"));
  ASSERT_EQ(first->read_exactly(2), "a\n");
  ASSERT_TRUE(second.send_all("b\n"));
  ASSERT_EQ(second.read_exactly(2), "b\n");
  Client waiting(rs.port());  // the kernel completes the handshake; nobody accepts it yet
  ASSERT_TRUE(waiting.send_all("c\n"));
  EXPECT_EQ(waiting.read_exactly(2, 200ms), "");
  first.reset();
  EXPECT_EQ(waiting.read_exactly(2, 3000ms), "c\n");
  EXPECT_EQ(rs.server().open_connections(), 2u);
}

TEST(ServerTest, ClientsWaitWhileTheDescriptorReserveIsReached) {
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= INT_MAX) {
    GTEST_SKIP() << "no descriptor limit";
  }
  ServerOptions opts;
  opts.threads = 1;
  // More than the limit leaves: room for one client only (the least the server takes).
  opts.reserved_descriptors = static_cast<int>(limit.rlim_cur);
  RunningServer rs(opts, echo_factory());
  ASSERT_EQ(rs.error(), "");
  auto first = std::make_unique<Client>(rs.port());
  ASSERT_TRUE(first->send_all("a\n"));
  ASSERT_EQ(first->read_exactly(2), "a\n");
  Client waiting(rs.port());  // the kernel completes the handshake; nobody accepts it yet
  ASSERT_TRUE(waiting.send_all("b\n"));
  EXPECT_EQ(waiting.read_exactly(2, 200ms), "");
  first.reset();
  EXPECT_EQ(waiting.read_exactly(2, 3000ms), "b\n");
  EXPECT_EQ(rs.server().open_connections(), 1u);
}

TEST(ServerTest, ClosesConnectionsIdleLongerThanTheTimeout) {
  ServerOptions opts;
  opts.idle_timeout = std::chrono::seconds(1);
  RunningServer rs(opts, echo_factory());
  ASSERT_EQ(rs.error(), "");
  Client idle(rs.port());
  Client busy(rs.port());
  ASSERT_TRUE(idle.send_all("x\n"));
  ASSERT_EQ(idle.read_exactly(2), "x\n");
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 12; ++i) {  // busy talks every 200 ms and stays open
    std::this_thread::sleep_for(200ms);
    ASSERT_TRUE(busy.send_all("y\n"));
    ASSERT_EQ(busy.read_exactly(2), "y\n") << i;
  }
  EXPECT_TRUE(idle.read_to_eof(nullptr, 2000ms));
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 1000ms);
  ASSERT_TRUE(busy.send_all("z\n"));
  EXPECT_EQ(busy.read_exactly(2), "z\n");
}

TEST(ServerTest, ListensOnAUnixSocketWithTheGivenPermissions) {
  std::string path = "/tmp/ringcache_net_test_" + std::to_string(::getpid()) + ".sock";
  ServerOptions opts;
  opts.threads = 1;
  opts.listeners = {ListenerSpec{"", 0, path, 0660}};
  {
    RunningServer rs(opts, echo_factory());
    ASSERT_EQ(rs.error(), "");
    struct stat st{};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0660u);
    Client c(path);
    ASSERT_TRUE(c.connected());
    ASSERT_TRUE(c.send_all("over unix\n"));
    EXPECT_EQ(c.read_exactly(10), "over unix\n");
    bool found = false;
    rs.server().for_each_connection([&](const Connection& conn) {
      found = conn.local_address() == "unix:" + path && conn.peer_address() == "?:<AF 0>";
    });
    EXPECT_TRUE(found);
  }
  struct stat st{};
  EXPECT_NE(::stat(path.c_str(), &st), 0);  // removed at stop
}

TEST(ServerTest, ReportsAPortInUse) {
  RunningServer first(ServerOptions{}, echo_factory());
  ASSERT_EQ(first.error(), "");
  ServerOptions opts;
  opts.listeners = {ListenerSpec{"127.0.0.1", first.port(), "", 0700}};
  Server second(opts, echo_factory());
  EXPECT_EQ(second.open(), "failed to listen on one of interface(s) 127.0.0.1: Address already in use");
}

TEST(ServerTest, CloseAfterWriteDeliversEarlierRepliesThenCloses) {
  RunningServer rs(ServerOptions{}, echo_factory());
  ASSERT_EQ(rs.error(), "");
  Client c(rs.port());
  ASSERT_TRUE(c.send_all("one\ntwo\nquit\nignored\n"));
  std::string got;
  EXPECT_TRUE(c.read_to_eof(&got));
  EXPECT_EQ(got, "one\ntwo\n");
}

TEST(ServerTest, HalfClosedClientStillGetsItsReplies) {
  RunningServer rs(ServerOptions{}, echo_factory());
  ASSERT_EQ(rs.error(), "");
  Client c(rs.port());
  std::string input;
  for (int i = 0; i < 20000; ++i) input += "request " + std::to_string(i) + "\n";
  std::string got;
  std::thread reader([&] { c.read_to_eof(&got, 10000ms); });
  ASSERT_TRUE(c.send_all(input));
  ::shutdown(c.fd(), SHUT_WR);
  reader.join();
  EXPECT_EQ(got.size(), input.size());
  EXPECT_TRUE(got == input);
}

TEST(ServerTest, GracefulStopClosesIdleClientsAtOnce) {
  ServerOptions opts;
  opts.drain_timeout = 5000ms;
  RunningServer rs(opts, echo_factory());
  ASSERT_EQ(rs.error(), "");
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<Client>(rs.port()));
    ASSERT_TRUE(clients.back()->send_all("hi\n"));
    ASSERT_EQ(clients.back()->read_exactly(3), "hi\n");
  }
  auto took = rs.stop_and_join();
  EXPECT_LT(took, 2000ms);  // no waiting for the deadline
  for (auto& c : clients) EXPECT_TRUE(c->read_to_eof(nullptr, 1000ms));
  EXPECT_EQ(rs.exit_code(), 0);
  EXPECT_FALSE(Client(rs.port()).connected());  // the listener is closed
}

}  // namespace
}  // namespace ringcache::common::testing
