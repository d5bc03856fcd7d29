#include "common/net/client_connection.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>

#include "tests/common/net/net_test_util.h"

namespace ringcache::common {
namespace {

using namespace std::chrono_literals;
using testing::RunningServer;

/// A loop on its own thread; run() executes on it and waits (bounded).
struct Loop {
  Loop() : thread([this] { loop.run(); }) {}
  ~Loop() {
    loop.stop();
    thread.join();
  }
  void run(std::function<void()> fn) {
    std::promise<void> done;
    loop.post([&] {
      fn();
      done.set_value();
    });
    ASSERT_EQ(done.get_future().wait_for(5s), std::future_status::ready);
  }
  EventLoop loop;
  std::thread thread;
};

/// What a ClientConnection reported, filled on the loop thread.
struct Events {
  std::atomic<bool> connected{false};
  std::atomic<int> closed{-1};
  std::mutex mutex;
  std::string data;
  std::string received() {
    std::lock_guard lock(mutex);
    return data;
  }
  ClientConnection::Handlers handlers() {
    return {[this] { connected = true; },
            [this](ReadBuffer& in) {
              std::lock_guard lock(mutex);
              data.append(in.data());
              in.consume(in.size());
            },
            [this](int error) { closed = error; }};
  }
};

int listener(int backlog, int* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(fd, backlog);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  *port = ntohs(a.sin_port);
  return fd;
}

TEST(ClientConnectionTest, WritesBeforeTheConnectGoOutOnceConnectedAndRepliesArrive) {
  RunningServer server(ServerOptions{}, testing::echo_factory());
  ASSERT_EQ(server.error(), "");
  auto endpoint = resolve_endpoint("127.0.0.1", static_cast<uint16_t>(server.port()));
  ASSERT_TRUE(endpoint);
  Loop loop;
  Events events;
  std::shared_ptr<ClientConnection> conn;
  loop.run([&] {
    conn = std::make_shared<ClientConnection>(loop.loop, events.handlers());
    conn->connect(*endpoint);
    conn->write("one\n");
    conn->write("two\n");
  });
  ASSERT_TRUE(RunningServer::eventually([&] { return events.received() == "one\ntwo\n"; }));
  EXPECT_TRUE(events.connected);
  loop.run([&] { conn->write("three\n"); });
  ASSERT_TRUE(RunningServer::eventually([&] { return events.received().size() == 14; }));
  loop.run([&] {
    conn->close();
    EXPECT_FALSE(conn->is_open());
    conn.reset();
  });
  EXPECT_EQ(events.closed, -1);  // close() calls nothing back
}

TEST(ClientConnectionTest, RefusedConnectIsReportedFromTheLoopNotFromConnect) {
  int port = 0;
  ::close(listener(1, &port));
  auto endpoint = resolve_endpoint("127.0.0.1", static_cast<uint16_t>(port));
  Loop loop;
  Events events;
  std::shared_ptr<ClientConnection> conn;
  loop.run([&] {
    conn = std::make_shared<ClientConnection>(loop.loop, events.handlers());
    conn->connect(*endpoint);
    EXPECT_EQ(events.closed, -1);
  });
  ASSERT_TRUE(RunningServer::eventually([&] { return events.closed == ECONNREFUSED; }));
  EXPECT_FALSE(events.connected);
  loop.run([&] { conn.reset(); });
}

TEST(ClientConnectionTest, ConnectDeadlineEndsAConnectThatHangs) {
  // A listener with a full accept queue drops SYNs: the connect hangs.
  int port = 0;
  int fd = listener(0, &port);
  testing::Client filler(port);
  ASSERT_TRUE(filler.connected());
  auto endpoint = resolve_endpoint("127.0.0.1", static_cast<uint16_t>(port));
  Loop loop;
  Events events;
  std::shared_ptr<ClientConnection> conn;
  auto start = std::chrono::steady_clock::now();
  loop.run([&] {
    ClientConnectionOptions options;
    options.connect_timeout = 100ms;
    conn = std::make_shared<ClientConnection>(loop.loop, events.handlers(), options);
    conn->connect(*endpoint);
  });
  ASSERT_TRUE(RunningServer::eventually([&] { return events.closed != -1; }));
  EXPECT_EQ(events.closed, ETIMEDOUT);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 95ms);
  EXPECT_LT(took, 2s);
  loop.run([&] { conn.reset(); });
  ::close(fd);
}

TEST(ClientConnectionTest, PeerCloseIsReportedWithZero) {
  RunningServer server(ServerOptions{}, testing::echo_factory());
  auto endpoint = resolve_endpoint("localhost", static_cast<uint16_t>(server.port()));
  ASSERT_TRUE(endpoint);
  Loop loop;
  Events events;
  std::shared_ptr<ClientConnection> conn;
  loop.run([&] {
    conn = std::make_shared<ClientConnection>(loop.loop, events.handlers());
    conn->connect(*endpoint);
    conn->write("bye\nquit\n");
  });
  ASSERT_TRUE(RunningServer::eventually([&] { return events.closed != -1; }));
  EXPECT_EQ(events.closed, 0);
  EXPECT_EQ(events.received(), "bye\n");
  loop.run([&] { conn.reset(); });
}

TEST(ClientConnectionTest, ResolveRejectsUnknownHosts) {
  std::string error;
  EXPECT_FALSE(resolve_endpoint("no-such-host.invalid", 11211, &error));
  EXPECT_NE(error.find("cannot resolve"), std::string::npos);
  auto v6 = resolve_endpoint("::1", 11211);
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->text, "[::1]:11211");
}

}  // namespace
}  // namespace ringcache::common
