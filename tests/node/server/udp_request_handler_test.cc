#include "node/server/udp_request_handler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/common/binary_packet.h"
#include "tests/common/net/udp_test_client.h"
#include "node/exec/version.h"
#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using ringcache::testing::udp_frame;

// The handler over a real cache; replies are shown as "id seq total reserved|payload".
class UdpRequestHandlerTest : public ::testing::Test {
 protected:
  std::vector<std::string> send(const std::string& datagram) {
    common::UdpDatagrams replies;
    handler_.on_datagram(datagram, replies);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < replies.size(); ++i) {
      std::string_view d = replies[i];
      EXPECT_GE(d.size(), common::kUdpHeaderSize);
      EXPECT_LE(d.size(), common::kUdpMaxDatagram);
      common::UdpFrameHeader h = common::decode_udp_header(d);
      out.push_back(std::to_string(h.request_id) + " " + std::to_string(h.sequence) + " " +
                    std::to_string(h.total) + " " + std::to_string(h.reserved) + "|" +
                    std::string(d.substr(common::kUdpHeaderSize)));
    }
    return out;
  }
  std::vector<std::string> request(uint16_t id, const std::string& payload) {
    return send(udp_frame(id, payload));
  }

  exec_test::SessionHarness harness_;
  UdpRequestHandler handler_{harness_.context(), harness_.worker()};
};

using Replies = std::vector<std::string>;

TEST_F(UdpRequestHandlerTest, SetThenGetRoundTrip) {
  EXPECT_EQ(request(7, "set a 0 0 3\r\nabc\r\n"), Replies{"7 0 1 0|STORED\r\n"});
  EXPECT_EQ(request(0x1234, "get a\r\n"), Replies{"4660 0 1 0|VALUE a 0 3\r\nabc\r\nEND\r\n"});
}

TEST_F(UdpRequestHandlerTest, EachRequestIsItsOwnMessage) {
  EXPECT_EQ(request(54, "incr n 1\r\nset n 0 0 1\r\n5\r\nincr n 3\r\n"),
            (Replies{"54 0 1 0|NOT_FOUND\r\n", "54 0 1 0|STORED\r\n", "54 0 1 0|8\r\n"}));
  EXPECT_EQ(request(55, "mg n v q\r\nmg miss v q\r\nmn\r\n"),
            (Replies{"55 0 1 0|VA 1\r\n8\r\n", "55 0 1 0|MN\r\n"}));
}

TEST_F(UdpRequestHandlerTest, MultiGetIsOneMessagePerKeyAsMemcachedSendsIt) {
  request(1, "set a 0 0 3\r\nabc\r\n");
  request(1, "set b 5 0 2\r\nxy\r\n");
  EXPECT_EQ(request(3, "get a b c\r\n"),
            (Replies{"3 0 1 0|VALUE a 0 3\r\nabc\r\n", "3 0 1 0|VALUE b 5 2\r\nxy\r\n",
                     "3 0 1 0|END\r\n"}));
  // A missed key that is not the last one is a bare header with count 0.
  EXPECT_EQ(request(40, "get miss a\r\n"),
            (Replies{"40 0 0 0|", "40 0 1 0|VALUE a 0 3\r\nabc\r\nEND\r\n"}));
  EXPECT_EQ(request(42, "get miss\r\n"), Replies{"42 0 1 0|END\r\n"});
  // Only a request's first response goes out empty; later misses send nothing.
  EXPECT_EQ(request(43, "get m1 m2 a m3 a m4\r\n"),
            (Replies{"43 0 0 0|", "43 0 1 0|VALUE a 0 3\r\nabc\r\n",
                     "43 0 1 0|VALUE a 0 3\r\nabc\r\n", "43 0 1 0|END\r\n"}));
  EXPECT_EQ(request(44, "get a m1 m2\r\nget m1 m2\r\n"),
            (Replies{"44 0 1 0|VALUE a 0 3\r\nabc\r\n", "44 0 1 0|END\r\n", "44 0 0 0|",
                     "44 0 1 0|END\r\n"}));
}

TEST_F(UdpRequestHandlerTest, BigReplyIsCutInto1400ByteDatagrams) {
  const std::string value(5000, 'x');
  request(1, "set big5000 0 0 5000\r\n" + value + "\r\n");
  const std::string whole = "VALUE big5000 0 5000\r\n" + value + "\r\nEND\r\n";
  Replies r = request(21, "get big5000\r\n");
  ASSERT_EQ(r.size(), 4u);
  std::string joined;
  for (std::size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r[i].substr(0, r[i].find('|')), "21 " + std::to_string(i) + " 4 0");
    joined += r[i].substr(r[i].find('|') + 1);
  }
  EXPECT_EQ(r[3].size() - r[3].find('|') - 1, whole.size() - 3 * 1392);
  EXPECT_EQ(joined, whole);
}

TEST_F(UdpRequestHandlerTest, SilentRequestsSendNothing) {
  EXPECT_EQ(request(47, "set c 0 0 1 noreply\r\nz\r\n"), Replies{});
  EXPECT_EQ(request(48, "set c 0 0 1 noreply\r\nz\r\nget c\r\n"),
            Replies{"48 0 1 0|VALUE c 0 1\r\nz\r\nEND\r\n"});
}

TEST_F(UdpRequestHandlerTest, MalformedAndMultiDatagramRequestsAreDropped) {
  EXPECT_EQ(send(""), Replies{});
  EXPECT_EQ(send(std::string("\x00\x01\x00\x00\x00\x01\x00", 7)), Replies{});
  EXPECT_EQ(send(std::string("\x00\x01\x00\x00\x00\x01\x00\x00", 8)), Replies{});
  EXPECT_EQ(send(udp_frame(9, "get a\r\n", 0, 2)), Replies{});
  EXPECT_EQ(send(udp_frame(9, "get a\r\n", 0, 0)), Replies{});
  // Sequence number and reserved bytes of a request are not checked (memcached neither).
  EXPECT_EQ(send(udp_frame(10, "version\r\n", 1, 1, 5)).size(), 1u);
  EXPECT_EQ(send(std::string("\x00\x01\x00\x00\x00\x01\x00\x00\n", 9)),
            Replies{"1 0 1 0|ERROR\r\n"});
  EXPECT_EQ(harness_.worker().bytes_read.get(), 8u + 9 + 8 + 1);  // two datagrams served
}

TEST_F(UdpRequestHandlerTest, NothingCarriesOverFromOneDatagramToTheNext) {
  // An incomplete request is dropped with the rest of its datagram...
  EXPECT_EQ(request(11, "get a"), Replies{});
  EXPECT_EQ(request(12, "version\r\nset q 0 0 10\r\nabc"), Replies{"12 0 1 0|VERSION " +
                                                                   std::string(kVersion) + "\r\n"});
  // ...and the next datagram starts afresh (its bytes are no data block).
  EXPECT_EQ(request(13, "defghij\r\n"), Replies{"13 0 1 0|ERROR\r\n"});
  EXPECT_EQ(request(14, "get q\r\n"), Replies{"14 0 1 0|END\r\n"});
}

TEST_F(UdpRequestHandlerTest, QuitEndsTheDatagram) {
  request(1, "set a 0 0 1\r\n1\r\n");
  EXPECT_EQ(request(45, "get a\r\nquit\r\nget a\r\n"),
            Replies{"45 0 1 0|VALUE a 0 1\r\n1\r\nEND\r\n"});
  EXPECT_EQ(request(46, "get a\r\n").size(), 1u);
}

TEST_F(UdpRequestHandlerTest, TooLargeValueIsRefusedAndItsDataSkipped) {
  const std::string big(2u << 20, 'v');
  EXPECT_EQ(request(49, "set c 0 0 " + std::to_string(big.size()) + "\r\n" + big +
                            "\r\nversion\r\n"),
            (Replies{"49 0 1 0|SERVER_ERROR object too large for cache\r\n",
                     "49 0 1 0|VERSION " + std::string(kVersion) + "\r\n"}));
}

TEST_F(UdpRequestHandlerTest, BinaryDatagramsWorkAndTheProtocolIsPickedPerDatagram) {
  using common::binary_test::Packet;
  using common::binary_test::decode_responses;
  request(1, "set a 0 0 3\r\nabc\r\n");
  common::UdpDatagrams replies;
  handler_.on_datagram(udp_frame(19, Packet(0x00, "a", "", "", 77).bytes() +
                                         Packet(0x0a, "", "", "", 78).bytes()),
                       replies);
  ASSERT_EQ(replies.size(), 2u);  // get and noop: two messages
  auto get = decode_responses(replies[0].substr(8));
  ASSERT_EQ(get.size(), 1u);
  EXPECT_EQ(get[0].opaque, 77u);
  EXPECT_EQ(get[0].value, "abc");
  auto noop = decode_responses(replies[1].substr(8));
  ASSERT_EQ(noop.size(), 1u);
  EXPECT_EQ(noop[0].opaque, 78u);
  EXPECT_EQ(request(20, "get a\r\n"), Replies{"20 0 1 0|VALUE a 0 3\r\nabc\r\nEND\r\n"});
}

TEST_F(UdpRequestHandlerTest, StatsCountHeadersLikeMemcached) {
  request(5, "version\r\n");
  const std::string reply = "VERSION " + std::string(kVersion) + "\r\n";
  EXPECT_EQ(harness_.worker().bytes_read.get(), 8u + 9);
  EXPECT_EQ(harness_.worker().bytes_written.get(), 8u + reply.size());
}

}  // namespace
}  // namespace ringcache::node
