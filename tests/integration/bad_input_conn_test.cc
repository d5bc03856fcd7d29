// The bad-input matrix, connection behaviour and binary packets (docs/RELIABILITY.md):
// half-closed connections, a client that never reads its replies, binary packets with
// inconsistent lengths or unknown opcodes (the proxy does not serve the binary protocol:
// it must answer with packets a binary client can frame, and never crash).
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/integration/bad_input.h"
#include "tests/integration/binary_wire.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_P(BadInputTest, HalfClosedConnectionStillGetsItsReplies) {
  TestClient c = connect();
  const std::string big(300 * 1024, 'b');
  EXPECT_REPLY(c, set_cmd("big", big), "STORED\r\n");
  // The replies (one of them large, which a proxy fetches from a node after the client
  // has already half-closed) all arrive, then the server closes.
  ASSERT_TRUE(c.send("set h 0 0 1\r\nx\r\nget h\r\nget big\r\nincr h 1\r\nmn\r\n"));
  ASSERT_TRUE(c.shutdown_write());
  const std::string expected = "STORED\r\nVALUE h 0 1\r\nx\r\nEND\r\nVALUE big 0 307200\r\n" +
                               big + "\r\nEND\r\nCLIENT_ERROR cannot increment or decrement "
                               "non-numeric value\r\nMN\r\n";
  EXPECT_TRUE(c.read_matching(expected) == expected);
  EXPECT_TRUE(c.wait_closed());
}

TEST_P(BadInputTest, HalfCloseInTheMiddleOfARequestDropsOnlyThatRequest) {
  TestClient c = connect();
  ASSERT_TRUE(c.send("get kept\r\nset part 0 0 10\r\nabc"));
  ASSERT_TRUE(c.shutdown_write());
  EXPECT_EQ(escape(c.read_until("END\r\n")), escape("VALUE kept 7 4\r\nsafe\r\nEND\r\n"));
  EXPECT_TRUE(c.wait_closed());
  TestClient d = connect();
  EXPECT_REPLY(d, "get part\r\n", "END\r\n");
}

// A raw socket that writes without ever reading (TestClient always drains replies).
class Hog {
 public:
  explicit Hog(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int small = 4096;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~Hog() { ::close(fd_); }
  bool ok() const { return ok_; }
  /// Writes `request` over and over until the server stops taking bytes for `stall`, or
  /// `limit` passes; returns how many bytes it took.
  std::size_t write_until_stalled(const std::string& request, std::chrono::milliseconds stall,
                                  std::chrono::milliseconds limit) {
    std::string burst;
    while (burst.size() < 64 * 1024) burst += request;
    std::size_t total = 0;
    const auto end = Clock::now() + limit;
    auto last_progress = Clock::now();
    while (Clock::now() < end && Clock::now() - last_progress < stall) {
      ssize_t n = ::send(fd_, burst.data(), burst.size(), MSG_NOSIGNAL);
      if (n > 0) {
        total += static_cast<std::size_t>(n);
        last_progress = Clock::now();
      } else {
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, 20);
      }
    }
    return total;
  }

 private:
  int fd_ = -1;
  bool ok_ = false;
};

TEST_P(BadInputTest, ClientThatNeverReadsIsBoundedAndHarmsNoOne) {
  TestClient c = connect();
  c.set_timeout(20s);
  const std::string value(256 * 1024, 'v');
  EXPECT_REPLY(c, set_cmd("large", value), "STORED\r\n");
  const long rss_before = rss();
  Hog hog(port());
  ASSERT_TRUE(hog.ok());
  // Each 12-byte request asks for 256 KiB: were the replies buffered, 1 MB of requests
  // would need 20 GB.
  const std::size_t taken = hog.write_until_stalled("get large\r\n", 1s, 15s);
  EXPECT_GT(taken, 0u);
  // The proxy holds up to --max-client-pending (64) replies beyond its output mark: 16 MiB.
  expect_rss_growth_below(rss_before, 32 * 1024,
                          "with a client that never reads (" + std::to_string(taken) +
                              " request bytes taken)");
  // Another client is served normally meanwhile.
  TestClient other = connect();
  const auto start = Clock::now();
  EXPECT_REPLY(other, "set o 0 0 1\r\n1\r\nget o\r\n", "STORED\r\nVALUE o 0 1\r\n1\r\nEND\r\n");
  EXPECT_LT(Clock::now() - start, 2s);
}

using namespace bin;  // NOLINT: opcodes read better unqualified

TEST_P(BadInputTest, BinaryPacketsWithUnknownOpcodesOrBrokenLengths) {
  TestClient c = connect();
  // (An unknown opcode with a key: memcached 1.6.18 answers, then ignores what follows on
  // the connection; ringcache goes on. Without a key both go on.)
  const std::string unknown_key = is_memcached() ? "" : "k";
  ASSERT_TRUE(c.send(concat({packet(kNoop, "", "", "", 1), packet(0x55, unknown_key, "", "", 2),
                             packet(kGet, "kept", "", "", 3)})));
  if (is_proxy()) {
    // No binary front end: every request gets "Unknown command", the connection stays.
    EXPECT_EQ(next(c), want(kNoop, kUnknownCommand, 1, "", "", "Unknown command"));
    EXPECT_EQ(next(c), want(0x55, kUnknownCommand, 2, "", "", "Unknown command"));
    EXPECT_EQ(next(c), want(kGet, kUnknownCommand, 3, "", "", "Unknown command"));
  } else {
    EXPECT_EQ(next(c), want(kNoop, kSuccess, 1));
    EXPECT_EQ(next(c), want(0x55, kUnknownCommand, 2, "", "", "Unknown command"));
    EXPECT_EQ(next(c), want(kGet, kSuccess, 3, be32(7), "", "safe"));
  }
  // A key longer than the body: answered with an error, then the connection closes.
  Request bad = packet(kGet, "short", "", "", 4);
  bad.key_length = 16;
  ASSERT_TRUE(c.send(bad.bytes() + packet(kNoop, "", "", "", 5).bytes()));
  auto r = read_response(c);
  ASSERT_TRUE(r);
  EXPECT_NE(r->status, kSuccess);
  EXPECT_NE(r->opaque, 5u);
  EXPECT_TRUE(c.wait_closed());
  // A bad magic byte after a good packet closes at once.
  TestClient d = connect();
  Request junk = packet(kNoop, "", "", "", 7);
  junk.magic = 0x42;
  ASSERT_TRUE(d.send(concat({packet(kNoop, "", "", "", 6), junk})));
  EXPECT_TRUE(read_response(d));
  EXPECT_TRUE(d.wait_closed());
}

}  // namespace
}  // namespace ringcache::integration
