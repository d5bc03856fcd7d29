#include "common/hash/key_hash.h"

#include <cstring>

namespace ringcache::common {
namespace {

constexpr uint64_t kSecret0 = 0xa0761d6478bd642full;
constexpr uint64_t kSecret1 = 0xe7037ed1a0b428dbull;
constexpr uint64_t kSecret2 = 0x8ebc6af09c88c6e3ull;
constexpr uint64_t kSecret3 = 0x589965cc75374cc3ull;

// Little-endian loads, so the hash does not depend on the host byte order.
inline uint64_t load64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

inline uint64_t load32(const unsigned char* p) {
  return static_cast<uint64_t>(p[0]) | static_cast<uint64_t>(p[1]) << 8 |
         static_cast<uint64_t>(p[2]) << 16 | static_cast<uint64_t>(p[3]) << 24;
}

// 1..3 bytes: first, middle and last byte.
inline uint64_t load_small(const unsigned char* p, std::size_t n) {
  return static_cast<uint64_t>(p[0]) << 16 | static_cast<uint64_t>(p[n >> 1]) << 8 | p[n - 1];
}

// Multiply to 128 bits and fold the halves: the whole mixing step.
inline uint64_t mix(uint64_t a, uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

inline void mul128(uint64_t& a, uint64_t& b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  a = static_cast<uint64_t>(r);
  b = static_cast<uint64_t>(r >> 64);
}

}  // namespace

uint64_t key_hash(std::string_view key, uint64_t seed) {
  const auto* p = reinterpret_cast<const unsigned char*>(key.data());
  const std::size_t len = key.size();
  seed ^= mix(seed ^ kSecret0, kSecret1);
  uint64_t a = 0;
  uint64_t b = 0;
  if (len <= 16) {
    if (len >= 4) {
      const std::size_t mid = (len >> 3) << 2;
      a = load32(p) << 32 | load32(p + mid);
      b = load32(p + len - 4) << 32 | load32(p + len - 4 - mid);
    } else if (len > 0) {
      a = load_small(p, len);
    }
  } else {
    std::size_t i = len;
    if (i > 48) {
      uint64_t see1 = seed;
      uint64_t see2 = seed;
      do {
        seed = mix(load64(p) ^ kSecret1, load64(p + 8) ^ seed);
        see1 = mix(load64(p + 16) ^ kSecret2, load64(p + 24) ^ see1);
        see2 = mix(load64(p + 32) ^ kSecret3, load64(p + 40) ^ see2);
        p += 48;
        i -= 48;
      } while (i > 48);
      seed ^= see1 ^ see2;
    }
    while (i > 16) {
      seed = mix(load64(p) ^ kSecret1, load64(p + 8) ^ seed);
      i -= 16;
      p += 16;
    }
    a = load64(p + i - 16);
    b = load64(p + i - 8);
  }
  a ^= kSecret1;
  b ^= seed;
  mul128(a, b);
  return mix(a ^ kSecret0 ^ len, b ^ kSecret1);
}

}  // namespace ringcache::common
