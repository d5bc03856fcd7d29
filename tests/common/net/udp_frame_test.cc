#include "common/net/udp_frame.h"

#include <gtest/gtest.h>

#include <string>

namespace ringcache::common {
namespace {

std::string header(uint16_t id, uint16_t seq, uint16_t total, uint16_t reserved = 0) {
  char h[kUdpHeaderSize];
  encode_udp_header({id, seq, total, reserved}, h);
  return std::string(h, kUdpHeaderSize);
}

TEST(UdpFrameTest, HeaderIsFourBigEndianShorts) {
  EXPECT_EQ(header(0x1234, 0x0102, 0x0001, 0xfffe),
            std::string("\x12\x34\x01\x02\x00\x01\xff\xfe", 8));
  UdpFrameHeader h = decode_udp_header(std::string("\xab\xcd\x00\x07\x01\x00\x00\x09", 8));
  EXPECT_EQ(h.request_id, 0xabcd);
  EXPECT_EQ(h.sequence, 7);
  EXPECT_EQ(h.total, 256);
  EXPECT_EQ(h.reserved, 9);
}

TEST(UdpFrameTest, RequestKeepsIdAndPayloadAndIgnoresSequenceAndReserved) {
  std::string d = header(77, 5, 1, 3) + "get a\r\n";
  auto frame = parse_udp_request(d);
  ASSERT_TRUE(frame.has_value());
  EXPECT_EQ(frame->header.request_id, 77);
  EXPECT_EQ(frame->payload, "get a\r\n");
}

TEST(UdpFrameTest, DropsWhatMemcachedDrops) {
  EXPECT_FALSE(parse_udp_request(""));
  EXPECT_FALSE(parse_udp_request(header(1, 0, 1).substr(0, 7)));
  EXPECT_FALSE(parse_udp_request(header(1, 0, 1)));  // a header and nothing else
  EXPECT_TRUE(parse_udp_request(header(1, 0, 1) + "\n"));
  // Only single-datagram requests are served.
  for (uint16_t total : {0, 2, 256, 257, 65535}) {
    EXPECT_FALSE(parse_udp_request(header(1, 0, total) + "get a\r\n")) << total;
  }
}

TEST(UdpFrameTest, DatagramCountIsMemcachedsCeilingOver1392Bytes) {
  EXPECT_EQ(kUdpMaxPayload, 1392u);
  EXPECT_EQ(udp_datagram_count(0), 0);
  EXPECT_EQ(udp_datagram_count(1), 1);
  EXPECT_EQ(udp_datagram_count(1392), 1);
  EXPECT_EQ(udp_datagram_count(1393), 2);
  EXPECT_EQ(udp_datagram_count(5029), 4);  // `get` of a 5000-byte value under key big5000
  EXPECT_EQ(udp_datagram_count(std::size_t{1392} * 65535), 65535);
  EXPECT_EQ(udp_datagram_count(std::size_t{1392} * 65535 + 1), 65535);  // capped
}

TEST(UdpFrameTest, MessageIsCutInto1400ByteDatagramsNumberedFromZero) {
  std::string message = "VALUE big 0 5000\r\n" + std::string(5000, 'x') + "\r\nEND\r\n";
  UdpDatagrams d;
  d.add_message(21, message);
  ASSERT_EQ(d.size(), 4u);
  std::string joined;
  for (std::size_t i = 0; i < d.size(); ++i) {
    EXPECT_LE(d[i].size(), kUdpMaxDatagram);
    EXPECT_EQ(d[i].substr(0, 8), header(21, static_cast<uint16_t>(i), 4)) << i;
    joined += d[i].substr(8);
  }
  EXPECT_EQ(d[0].size(), 1400u);
  EXPECT_EQ(d[3].size(), 8 + message.size() - 3 * 1392);
  EXPECT_EQ(joined, message);
}

TEST(UdpFrameTest, EachMessageHasItsOwnSequence) {
  UdpDatagrams d;
  d.add_message(3, "VALUE a 0 1\r\nx\r\n");
  d.add_message(3, std::string(1393, 'y'));
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0], header(3, 0, 1) + "VALUE a 0 1\r\nx\r\n");
  EXPECT_EQ(d[1].substr(0, 8), header(3, 0, 2));
  EXPECT_EQ(d[2], header(3, 1, 2) + "y");
}

TEST(UdpFrameTest, EmptyMessageIsABareHeaderWithCountZero) {
  UdpDatagrams d;
  d.add_message(40, "");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0], header(40, 0, 0));
  d.clear();
  EXPECT_TRUE(d.empty());
  d.add_raw("abc");
  EXPECT_EQ(d[0], "abc");
}

}  // namespace
}  // namespace ringcache::common
