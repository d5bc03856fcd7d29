#include "common/net/udp_frame.h"

#include <algorithm>

namespace ringcache::common {
namespace {

uint16_t read16(const char* p) {
  return static_cast<uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                               static_cast<unsigned char>(p[1]));
}

void write16(char* p, uint16_t v) {
  p[0] = static_cast<char>(v >> 8);
  p[1] = static_cast<char>(v & 0xff);
}

}  // namespace

UdpFrameHeader decode_udp_header(std::string_view bytes) {
  const char* p = bytes.data();
  return {read16(p), read16(p + 2), read16(p + 4), read16(p + 6)};
}

void encode_udp_header(const UdpFrameHeader& header, char* out) {
  write16(out, header.request_id);
  write16(out + 2, header.sequence);
  write16(out + 4, header.total);
  write16(out + 6, header.reserved);
}

std::optional<UdpRequestFrame> parse_udp_request(std::string_view datagram) {
  if (datagram.size() <= kUdpHeaderSize) return std::nullopt;
  UdpFrameHeader header = decode_udp_header(datagram);
  if (header.total != 1) return std::nullopt;
  return UdpRequestFrame{header, datagram.substr(kUdpHeaderSize)};
}

uint16_t udp_datagram_count(std::size_t size) {
  std::size_t n = size / kUdpMaxPayload + (size % kUdpMaxPayload != 0 ? 1 : 0);
  return static_cast<uint16_t>(std::min<std::size_t>(n, 0xffff));
}

std::string_view UdpDatagrams::operator[](std::size_t i) const {
  std::size_t begin = i == 0 ? 0 : ends_[i - 1];
  return std::string_view(bytes_).substr(begin, ends_[i] - begin);
}

void UdpDatagrams::clear() {
  bytes_.clear();
  ends_.clear();
}

void UdpDatagrams::add_message(uint16_t request_id, std::string_view message) {
  UdpFrameHeader header{request_id, 0, udp_datagram_count(message.size()), 0};
  char head[kUdpHeaderSize];
  do {
    std::string_view part = message.substr(0, kUdpMaxPayload);
    message.remove_prefix(part.size());
    encode_udp_header(header, head);
    bytes_.append(head, kUdpHeaderSize);
    bytes_.append(part);
    ends_.push_back(bytes_.size());
    ++header.sequence;  // wraps like memcached's 16-bit counter
  } while (!message.empty());
}

void UdpDatagrams::add_raw(std::string_view datagram) {
  bytes_.append(datagram);
  ends_.push_back(bytes_.size());
}

}  // namespace ringcache::common
