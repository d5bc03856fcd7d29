// UDP (-U) against Debian's memcached, which proves the expected bytes, and ringcache-node.
// Both run with one worker thread (-t 1) so that replies come back in request order.
#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tests/common/binary_packet.h"
#include "tests/common/net/udp_test_client.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using namespace std::chrono_literals;
using ringcache::testing::UdpReply;
using ringcache::testing::UdpTestClient;
using ringcache::testing::udp_frame;
using Replies = std::vector<std::string>;

Replies describe_all(const std::vector<UdpReply>& replies) {
  Replies out;
  for (const UdpReply& r : replies) out.push_back(escape(describe(r)));
  return out;
}

Replies escaped(const Replies& lines) {
  Replies out;
  for (const std::string& l : lines) out.push_back(escape(l));
  return out;
}

// Inodes of the sockets process `pid` holds.
std::set<std::string> socket_inodes(pid_t pid) {
  std::set<std::string> out;
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    char target[256] = {};
    std::string link = dir + "/" + e->d_name;
    ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
    std::string t(target, n > 0 ? static_cast<std::size_t>(n) : 0);
    if (t.rfind("socket:[", 0) == 0) out.insert(t.substr(8, t.size() - 9));
  }
  ::closedir(d);
  return out;
}

// The local addresses ("0100007F:2B67") of the UDP sockets process `pid` holds.
std::set<std::string> udp_sockets_of(pid_t pid) {
  std::set<std::string> inodes = socket_inodes(pid);
  std::set<std::string> out;
  for (const char* table : {"/proc/net/udp", "/proc/net/udp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // column titles
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::vector<std::string> f;
      for (std::string w; fields >> w;) f.push_back(w);
      if (f.size() > 9 && inodes.count(f[9]) > 0) out.insert(f[1]);
    }
  }
  return out;
}

std::string loopback_hex(int port) {
  char text[32];
  std::snprintf(text, sizeof text, "0100007F:%04X", port);
  return text;
}

bool can_bind_udp(int port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

class UdpTest : public ServerTest {
 protected:
  std::vector<std::string> server_args() const override {
    return {"-U", std::to_string(udp_port_), "-t", "1"};
  }
  int udp_port_ = ringcache::testing::pick_free_udp_port();
};

TEST_P(UdpTest, SetThenGetRoundTrip) {
  UdpTestClient udp(udp_port_);
  EXPECT_EQ(describe_all(udp.call(7, "set a 0 0 3\r\nabc\r\n")), escaped({"7 0 1 0|STORED\r\n"}));
  auto get = udp.call(0x1234, "get a\r\n");
  EXPECT_EQ(describe_all(get), escaped({"4660 0 1 0|VALUE a 0 3\r\nabc\r\nEND\r\n"}));
  ASSERT_EQ(get.size(), 1u);
  EXPECT_EQ(get[0].size, 8 + get[0].payload.size());
  // One cache behind both transports.
  TestClient tcp = connect();
  EXPECT_REPLY(tcp, "get a\r\n", "VALUE a 0 3\r\nabc\r\nEND\r\n");
}

TEST_P(UdpTest, BigValueIsSpreadOverNumberedDatagrams) {
  std::string value(5000, ' ');
  for (std::size_t i = 0; i < value.size(); ++i) value[i] = static_cast<char>('a' + i % 26);
  TestClient tcp = connect();
  EXPECT_REPLY(tcp, set_cmd("big", value), "STORED\r\n");
  const std::string whole = "VALUE big 0 5000\r\n" + value + "\r\nEND\r\n";
  EXPECT_REPLY(tcp, "get big\r\n", whole);

  UdpTestClient udp(udp_port_);
  auto r = udp.call(21, "get big\r\n");
  ASSERT_EQ(r.size(), 4u);
  std::string joined;
  for (std::size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r[i].id, 21);
    EXPECT_EQ(r[i].seq, i);
    EXPECT_EQ(r[i].total, 4);
    EXPECT_EQ(r[i].reserved, 0);
    EXPECT_EQ(r[i].size, i < 3 ? 1400u : 8 + whole.size() - 3 * 1392);
    joined += r[i].payload;
  }
  EXPECT_EQ(joined, whole);
}

TEST_P(UdpTest, MultiGetIsOneMessagePerKey) {
  UdpTestClient udp(udp_port_);
  udp.call(1, "set a 0 0 3\r\nabc\r\n");
  udp.call(2, "set b 5 0 2\r\nxy\r\n");
  EXPECT_EQ(describe_all(udp.call(3, "get a b c\r\n")),
            escaped({"3 0 1 0|VALUE a 0 3\r\nabc\r\n", "3 0 1 0|VALUE b 5 2\r\nxy\r\n",
                     "3 0 1 0|END\r\n"}));
  // A missed key before the last one is a bare header with count 0.
  EXPECT_EQ(describe_all(udp.call(40, "get miss a\r\n")),
            escaped({"40 0 0 0|", "40 0 1 0|VALUE a 0 3\r\nabc\r\nEND\r\n"}));
  EXPECT_EQ(describe_all(udp.call(41, "get b miss\r\n")),
            escaped({"41 0 1 0|VALUE b 5 2\r\nxy\r\n", "41 0 1 0|END\r\n"}));
  // Only a request's first response goes out empty; later misses send nothing (so a get of
  // many missing keys is not a datagram per key).
  EXPECT_EQ(describe_all(udp.call(42, "get m1 m2 a m3 b m4\r\nget m1 m2 m3\r\n")),
            escaped({"42 0 0 0|", "42 0 1 0|VALUE a 0 3\r\nabc\r\n",
                     "42 0 1 0|VALUE b 5 2\r\nxy\r\n", "42 0 1 0|END\r\n", "42 0 0 0|",
                     "42 0 1 0|END\r\n"}));
}

TEST_P(UdpTest, EveryRequestOfADatagramIsItsOwnMessage) {
  UdpTestClient udp(udp_port_);
  EXPECT_EQ(describe_all(udp.call(54, "incr n 1\r\nset n 0 0 1\r\n5\r\nincr n 3\r\n")),
            escaped({"54 0 1 0|NOT_FOUND\r\n", "54 0 1 0|STORED\r\n", "54 0 1 0|8\r\n"}));
  EXPECT_EQ(describe_all(udp.call(47, "set c 0 0 1 noreply\r\nz\r\n")), Replies{});
  EXPECT_EQ(describe_all(udp.call(48, "mg miss v q\r\nmg c v\r\nmn\r\n")),
            escaped({"48 0 1 0|VA 1\r\nz\r\n", "48 0 1 0|MN\r\n"}));
}

TEST_P(UdpTest, MalformedDatagramsAreIgnoredWithoutHarm) {
  UdpTestClient udp(udp_port_);
  EXPECT_TRUE(udp.call_raw(1, "").empty());
  EXPECT_TRUE(udp.call_raw(1, std::string("\x00\x01\x00\x00\x00\x01\x00", 7)).empty());
  EXPECT_TRUE(udp.call_raw(1, std::string("\x00\x01\x00\x00\x00\x01\x00\x00", 8)).empty());
  EXPECT_TRUE(udp.call_raw(9, udp_frame(9, "set x 0 0 1\r\n1\r\n", 0, 2)).empty());
  EXPECT_TRUE(udp.call_raw(9, udp_frame(9, "set x 0 0 1\r\n1\r\n", 1, 0)).empty());
  EXPECT_TRUE(udp.call(11, "get x").empty());  // incomplete: dropped
  // None of them stored anything; requests around them are served.
  EXPECT_EQ(describe_all(udp.call(12, "get x\r\n")), escaped({"12 0 1 0|END\r\n"}));
  // Sequence and reserved fields of a request are not checked.
  EXPECT_EQ(describe_all(udp.call_raw(13, udp_frame(13, "mn\r\n", 3, 1, 9))),
            escaped({"13 0 1 0|MN\r\n"}));
  TestClient tcp = connect();
  EXPECT_REPLY(tcp, "get x\r\n", "END\r\n");
}

TEST_P(UdpTest, BinaryRequestsAreServed) {
  using common::binary_test::Packet;
  using common::binary_test::decode_responses;
  UdpTestClient udp(udp_port_);
  udp.call(1, "set a 0 0 3\r\nabc\r\n");
  auto r = udp.call_raw(19, udp_frame(19, Packet(0x00, "a", "", "", 77).bytes() +
                                              Packet(0x0a, "", "", "", 78).bytes()));
  ASSERT_EQ(r.size(), 2u);
  auto get = decode_responses(r[0].payload);
  ASSERT_EQ(get.size(), 1u);
  EXPECT_EQ(get[0].status, 0);
  EXPECT_EQ(get[0].opaque, 77u);
  EXPECT_EQ(get[0].value, "abc");
  auto noop = decode_responses(r[1].payload);
  ASSERT_EQ(noop.size(), 1u);
  EXPECT_EQ(noop[0].opaque, 78u);
}

TEST_P(UdpTest, BindsTheListenAddressAndCountsAConnectionPerWorker) {
  EXPECT_EQ(udp_sockets_of(server().pid()), std::set<std::string>{loopback_hex(udp_port_)});
  EXPECT_FALSE(can_bind_udp(udp_port_));
  TestClient tcp = connect();
  auto s = stats(tcp);
  EXPECT_EQ(stat_int(s, "curr_connections"), 2);  // this client and the UDP "connection"
  EXPECT_EQ(stat_int(stats(tcp, "settings"), "udpport"), udp_port_);
}

RINGCACHE_SERVER_SUITE(UdpTest);

// The harness starts every server with -U 0.
class UdpOffTest : public ServerTest {};

TEST_P(UdpOffTest, UZeroOpensNoUdpSocket) {
  EXPECT_TRUE(udp_sockets_of(server().pid()).empty());
  EXPECT_FALSE(socket_inodes(server().pid()).empty());  // the TCP listener is seen
  EXPECT_TRUE(can_bind_udp(port()));
}

RINGCACHE_SERVER_SUITE(UdpOffTest);

// Without any -U flag at all (the harness always passes one).
TEST(UdpDefaultTest, NodeOpensNoUdpSocketUnlessAsked) {
  const ServerSpec spec = ringcache_spec();
  if (!binary_exists(spec.binary)) GTEST_SKIP() << "ringcache-node not built";
  const int port = pick_free_port();
  pid_t pid = ::fork();
  if (pid == 0) {
    std::string p = std::to_string(port);
    ::execl(spec.binary.c_str(), spec.binary.c_str(), "-p", p.c_str(), "-l", "127.0.0.1",
            static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_GT(pid, 0);
  bool up = false;
  for (int i = 0; i < 500 && !up; ++i) {
    TestClient probe(port, 100ms);
    up = probe.connected();
    if (!up) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(up);
  if (up) {
    EXPECT_TRUE(udp_sockets_of(pid).empty());
    EXPECT_FALSE(socket_inodes(pid).empty());
    EXPECT_TRUE(can_bind_udp(port));
    TestClient tcp(port);
    EXPECT_EQ(stat_int(stats(tcp, "settings"), "udpport"), 0);
  }
  ::kill(pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 500 && ::waitpid(pid, &status, WNOHANG) == 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  if (::waitpid(pid, &status, WNOHANG) == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
}

}  // namespace
}  // namespace ringcache::integration
