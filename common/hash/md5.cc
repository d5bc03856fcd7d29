#include "common/hash/md5.h"

#include <algorithm>
#include <cstring>

namespace ringcache::common {
namespace {

// Per-step left rotations (RFC 1321 section 3.4).
constexpr uint8_t kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};

// T[i] = floor(2^32 * abs(sin(i + 1))), the RFC's table.
constexpr uint32_t kSine[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

constexpr uint32_t rotl(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

uint32_t load_le32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

void store_le32(uint32_t v, uint8_t* p) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

// Message word used by each step.
constexpr uint8_t kWord[64] = {0, 1, 2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                               1, 6, 11, 0,  5,  10, 15, 4,  9,  14, 3,  8,  13, 2,  7,  12,
                               5, 8, 11, 14, 1,  4,  7,  10, 13, 0,  3,  6,  9,  12, 15, 2,
                               0, 7, 14, 5,  12, 3,  10, 1,  8,  15, 6,  13, 4,  11, 2,  9};

// One MD5 round (16 steps) with round function F.
template <typename F>
inline void md5_round(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d, const uint32_t* m,
                      unsigned first, F f) {
  // -O2 leaves the loop rolled (table loads, a variable rotate: ~20 instructions a step);
  // unrolled, every shift, constant and word index is an immediate (~10). The proxy hashes
  // every key, so this is a tenth of its own instructions per request.
#pragma GCC unroll 16
  for (unsigned i = first; i < first + 16; ++i) {
    const uint32_t next_b = b + rotl(a + f(b, c, d) + kSine[i] + m[kWord[i]], kShift[i]);
    a = d;
    d = c;
    c = b;
    b = next_b;
  }
}

}  // namespace

Md5::Md5() : state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476} {}

void Md5::process_block(const uint8_t* block) {
  uint32_t m[16];
  for (int i = 0; i < 16; ++i) m[i] = load_le32(block + 4 * i);
  uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  md5_round(a, b, c, d, m, 0,
            [](uint32_t x, uint32_t y, uint32_t z) { return (x & y) | (~x & z); });
  md5_round(a, b, c, d, m, 16,
            [](uint32_t x, uint32_t y, uint32_t z) { return (z & x) | (~z & y); });
  md5_round(a, b, c, d, m, 32, [](uint32_t x, uint32_t y, uint32_t z) { return x ^ y ^ z; });
  md5_round(a, b, c, d, m, 48, [](uint32_t x, uint32_t y, uint32_t z) { return y ^ (x | ~z); });
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

void Md5::update(std::string_view bytes) {
  auto* in = reinterpret_cast<const uint8_t*>(bytes.data());
  std::size_t n = bytes.size();
  std::size_t used = length_ % 64;
  length_ += n;
  if (used != 0) {
    const std::size_t take = std::min(n, 64 - used);
    std::memcpy(buffer_.data() + used, in, take);
    in += take;
    n -= take;
    if (used + take < 64) return;
    process_block(buffer_.data());
  }
  for (; n >= 64; in += 64, n -= 64) process_block(in);
  if (n != 0) std::memcpy(buffer_.data(), in, n);
}

Md5Digest Md5::finish() {
  // Pad with 0x80, zeros up to 56 mod 64, then the bit length (little-endian, mod 2^64).
  const uint64_t bit_length = length_ * 8;
  static constexpr uint8_t kPad[64] = {0x80};
  const std::size_t used = length_ % 64;
  const std::size_t pad = used < 56 ? 56 - used : 120 - used;
  update(std::string_view(reinterpret_cast<const char*>(kPad), pad));
  uint8_t tail[8];
  for (int i = 0; i < 8; ++i) tail[i] = static_cast<uint8_t>(bit_length >> (8 * i));
  update(std::string_view(reinterpret_cast<const char*>(tail), 8));
  return digest();
}

Md5Digest Md5::digest() const {
  Md5Digest out;
  for (int i = 0; i < 4; ++i) store_le32(state_[i], out.data() + 4 * i);
  return out;
}

Md5Digest md5(std::string_view bytes) {
  Md5 h;
  if (bytes.size() >= 56) {
    h.update(bytes);
    return h.finish();
  }
  // Most keys fit one padded block: build it in place, skipping the streaming buffer.
  uint8_t block[64] = {};
  std::memcpy(block, bytes.data(), bytes.size());
  block[bytes.size()] = 0x80;
  const uint64_t bit_length = uint64_t{bytes.size()} * 8;
  for (int i = 0; i < 8; ++i) block[56 + i] = static_cast<uint8_t>(bit_length >> (8 * i));
  h.process_block(block);
  return h.digest();
}

}  // namespace ringcache::common
