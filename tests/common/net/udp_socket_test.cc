#include "common/net/udp_socket.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <string>
#include <thread>

#include "common/net/socket_address.h"
#include "tests/common/net/udp_test_client.h"

namespace ringcache::common {
namespace {

using namespace std::chrono_literals;
using ringcache::testing::UdpReply;
using ringcache::testing::UdpTestClient;

// Echoes each request's payload as one message; "big N" answers N bytes of 'b'.
class EchoDatagrams final : public DatagramHandler {
 public:
  void on_datagram(std::string_view datagram, UdpDatagrams& replies) override {
    handled.fetch_add(1, std::memory_order_relaxed);
    auto frame = parse_udp_request(datagram);
    if (!frame) return;
    std::string_view p = frame->payload;
    std::size_t n = 0;
    if (p.substr(0, 4) == "big " &&
        std::from_chars(p.data() + 4, p.data() + p.size(), n).ec == std::errc()) {
      replies.add_message(frame->header.request_id, std::string(n, 'b'));
      return;
    }
    replies.add_message(frame->header.request_id, p);
  }
  std::atomic<int> handled{0};
};

// A loop on its own thread serving one socket; stopped and joined at scope end.
struct LoopThread {
  LoopThread(int fd, DatagramHandler& handler) : endpoint(loop, fd, handler) {
    loop.post([this] { started = endpoint.start(); });
    thread = std::thread([this] { loop.run(); });
  }
  ~LoopThread() {
    loop.post([this] { endpoint.stop(); });
    loop.stop();
    thread.join();
  }
  EventLoop loop;
  UdpEndpoint endpoint;
  std::atomic<bool> started{false};
  std::thread thread;
};

struct Socket {
  Socket() {
    std::string error;
    auto fds = open_udp_sockets("127.0.0.1", 0, error);
    EXPECT_EQ(fds.size(), 1u) << error;
    fd = fds.empty() ? -1 : fds[0];
    port = host_port_of(fd).port;
  }
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
  int fd = -1;
  int port = -1;
};

TEST(UdpSocketTest, BindsTheAddressAndRefusesAPortInUse) {
  Socket s;
  ASSERT_GT(s.port, 0);
  EXPECT_EQ(host_port_of(s.fd).host, "127.0.0.1");
  int type = 0;
  socklen_t len = sizeof type;
  ::getsockopt(s.fd, SOL_SOCKET, SO_TYPE, &type, &len);
  EXPECT_EQ(type, SOCK_DGRAM);
  std::string error;
  EXPECT_TRUE(open_udp_sockets("127.0.0.1", s.port, error).empty());
  EXPECT_EQ(error, "Address already in use");
  EXPECT_TRUE(open_udp_sockets("no-such-host.invalid", 0, error).empty());
  EXPECT_FALSE(error.empty());
}

TEST(UdpSocketTest, AnswersEachDatagramToItsSender) {
  Socket s;
  EchoDatagrams handler;
  LoopThread lt(s.fd, handler);
  UdpTestClient a(s.port), b(s.port);
  a.send(1, "from a");
  b.send(2, "from b");
  auto ra = a.receive(1);
  auto rb = b.receive(1);
  ASSERT_EQ(ra.size(), 1u);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_EQ(describe(ra[0]), "1 0 1 0|from a");
  EXPECT_EQ(describe(rb[0]), "2 0 1 0|from b");
  EXPECT_TRUE(lt.started.load());
}

TEST(UdpSocketTest, SendsEveryDatagramOfABigReplyInOrder) {
  Socket s;
  EchoDatagrams handler;
  LoopThread lt(s.fd, handler);
  UdpTestClient c(s.port);
  const std::size_t size = 100 * kUdpMaxPayload + 7;  // 101 datagrams in one burst
  c.send(9, "big " + std::to_string(size));
  auto r = c.receive(101);
  ASSERT_EQ(r.size(), 101u);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r[i].seq, i);
    EXPECT_EQ(r[i].total, 101);
    EXPECT_LE(r[i].size, kUdpMaxDatagram);
    bytes += r[i].payload.size();
  }
  EXPECT_EQ(bytes, size);
}

TEST(UdpSocketTest, IgnoresDatagramsTheHandlerDropsAndServesTheNextOnes) {
  Socket s;
  EchoDatagrams handler;
  LoopThread lt(s.fd, handler);
  UdpTestClient c(s.port);
  c.send_raw("");                                       // empty
  c.send_raw(std::string("\x00\x01\x00\x00\x00", 5));   // shorter than a header
  c.send_raw(ringcache::testing::udp_frame(3, "x", 0, 2));  // spread over two datagrams
  c.send(4, "after");
  auto r = c.receive_quiet(200ms);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(describe(r[0]), "4 0 1 0|after");
  EXPECT_EQ(handler.handled.load(), 4);
}

// memcached gives every worker the socket: here two loops share one, each datagram is
// handled exactly once, by whichever loop the kernel woke.
TEST(UdpSocketTest, LoopsSharingASocketHandleEachDatagramOnce) {
  Socket s;
  EchoDatagrams h1, h2;
  LoopThread l1(s.fd, h1);
  LoopThread l2(s.fd, h2);
  constexpr int kClients = 4, kEach = 200;
  std::vector<std::thread> clients;
  std::atomic<int> answered{0};
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      UdpTestClient client(s.port);
      for (int i = 0; i < kEach; ++i) {
        // One request in flight at a time: loopback drops nothing then.
        client.send(static_cast<uint16_t>(i), "c" + std::to_string(c) + "-" + std::to_string(i));
        auto r = client.receive(1);
        if (r.size() == 1 && r[0].id == i &&
            r[0].payload == "c" + std::to_string(c) + "-" + std::to_string(i)) {
          answered.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(answered.load(), kClients * kEach);
  EXPECT_EQ(h1.handled.load() + h2.handled.load(), kClients * kEach);
  EXPECT_EQ(l1.endpoint.received() + l2.endpoint.received(), uint64_t{kClients * kEach});
}

TEST(UdpSocketTest, StoppedEndpointNoLongerReads) {
  Socket s;
  EchoDatagrams handler;
  {
    LoopThread lt(s.fd, handler);
    UdpTestClient c(s.port);
    c.send(1, "one");
    ASSERT_EQ(c.receive(1).size(), 1u);
  }
  UdpTestClient c(s.port);
  c.send(2, "two");
  EXPECT_TRUE(c.receive_quiet(100ms).empty());
  EXPECT_EQ(handler.handled.load(), 1);
}

}  // namespace
}  // namespace ringcache::common
