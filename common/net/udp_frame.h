// memcached's UDP framing. Every datagram, either way, starts with an 8-byte header in
// network byte order: request id, sequence number, datagram count, reserved (0).
//
// Requests: memcached serves only single-datagram requests (count exactly 1; sequence and
// reserved are ignored) and silently drops datagrams of 8 bytes or fewer.
// Replies: each reply message is cut into datagrams of at most 1400 bytes, header included
// (memcached's UDP_MAX_PAYLOAD_SIZE), numbered 0..n-1 with count n and the request's id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringcache::common {

inline constexpr std::size_t kUdpHeaderSize = 8;
inline constexpr std::size_t kUdpMaxDatagram = 1400;
inline constexpr std::size_t kUdpMaxPayload = kUdpMaxDatagram - kUdpHeaderSize;  // 1392
/// The largest datagram a UDP socket can receive (memcached's UDP_READ_BUFFER_SIZE).
inline constexpr std::size_t kUdpReadBufferSize = 65536;

struct UdpFrameHeader {
  uint16_t request_id = 0;
  uint16_t sequence = 0;
  uint16_t total = 0;
  uint16_t reserved = 0;
};

/// Reads the header at the front of `bytes` (which holds at least kUdpHeaderSize bytes).
UdpFrameHeader decode_udp_header(std::string_view bytes);
/// Writes the header as kUdpHeaderSize bytes at `out`.
void encode_udp_header(const UdpFrameHeader& header, char* out);

struct UdpRequestFrame {
  UdpFrameHeader header;
  std::string_view payload;  // the request bytes after the header (never empty)
};

/// A request datagram as memcached accepts it, or nothing when memcached drops it (8 bytes
/// or fewer; a count other than 1, i.e. a request spread over several datagrams).
std::optional<UdpRequestFrame> parse_udp_request(std::string_view datagram);

/// The count memcached announces for a reply message of `size` bytes: ceil(size / 1392),
/// at most 65535, and 0 for an empty message.
uint16_t udp_datagram_count(std::size_t size);

/// Outgoing datagrams, stored back to back (copies: the replies they came from may go).
class UdpDatagrams {
 public:
  std::size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](std::size_t i) const;
  void clear();
  /// Bytes reserved for datagrams (to give a burst's memory back).
  std::size_t capacity_bytes() const { return bytes_.capacity(); }

  /// Appends one reply message as memcached frames it: datagrams of at most
  /// kUdpMaxPayload message bytes after the header, sequence 0.. (wrapping at 65536),
  /// count udp_datagram_count(). An empty message is one bare header with count 0, as
  /// memcached sends for a missed key of a multi-key get.
  void add_message(uint16_t request_id, std::string_view message);
  /// Appends one datagram as is.
  void add_raw(std::string_view datagram);

 private:
  std::string bytes_;
  std::vector<std::size_t> ends_;
};

}  // namespace ringcache::common
