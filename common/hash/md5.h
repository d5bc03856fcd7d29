// MD5 (RFC 1321). Only for ketama: libmemcached and twemproxy place servers and keys on the
// ring with MD5, so bit compatibility needs it. Not for security.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringcache::common {

/// A 16-byte MD5 digest.
using Md5Digest = std::array<uint8_t, 16>;

/// Incremental MD5: update() any number of times, then finish() once.
class Md5 {
 public:
  Md5();
  /// Feeds more message bytes.
  void update(std::string_view bytes);
  /// Pads, returns the digest; the object must not be used afterwards.
  Md5Digest finish();

 private:
  friend Md5Digest md5(std::string_view bytes);
  void process_block(const uint8_t* block);
  Md5Digest digest() const;

  std::array<uint32_t, 4> state_;
  std::array<uint8_t, 64> buffer_{};
  uint64_t length_ = 0;  // message bytes seen so far
};

/// MD5 of one message.
Md5Digest md5(std::string_view bytes);

/// Bytes [4*word, 4*word+4) of the digest as a little-endian uint32 (ketama's point value).
inline uint32_t md5_word_le(const Md5Digest& d, std::size_t word) {
  const uint8_t* p = d.data() + 4 * word;
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

}  // namespace ringcache::common
