#include "common/util/base64.h"

#include <array>
#include <cstdint>

namespace ringcache::common {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kSkip = 0x80;

// Byte -> 6-bit value; '=' decodes as 0 (it counts towards a group); others are skipped.
constexpr std::array<uint8_t, 256> make_table() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = kSkip;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<uint8_t>(i);
  }
  t['='] = 0;
  return t;
}

constexpr std::array<uint8_t, 256> kTable = make_table();

}  // namespace

std::size_t base64_encode(std::string_view in, std::string& out) {
  const std::size_t start = out.size();
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::size_t n = in.size();
  for (; n >= 3; n -= 3, p += 3) {
    out.push_back(kAlphabet[p[0] >> 2]);
    out.push_back(kAlphabet[((p[0] & 0x03) << 4) | (p[1] >> 4)]);
    out.push_back(kAlphabet[((p[1] & 0x0f) << 2) | (p[2] >> 6)]);
    out.push_back(kAlphabet[p[2] & 0x3f]);
  }
  if (n > 0) {
    out.push_back(kAlphabet[p[0] >> 2]);
    if (n == 1) {
      out.push_back(kAlphabet[(p[0] & 0x03) << 4]);
      out.push_back('=');
    } else {
      out.push_back(kAlphabet[((p[0] & 0x03) << 4) | (p[1] >> 4)]);
      out.push_back(kAlphabet[(p[1] & 0x0f) << 2]);
    }
    out.push_back('=');
  }
  return out.size() - start;
}

std::size_t base64_decode(std::string_view in, char* out, std::size_t capacity) {
  std::size_t count = 0;
  for (unsigned char c : in) count += kTable[c] != kSkip ? 1 : 0;
  if (count == 0 || count % 4 != 0 || count / 4 * 3 > capacity) return 0;
  uint8_t block[4];
  std::size_t filled = 0;
  std::size_t pos = 0;
  int pad = 0;
  for (unsigned char c : in) {
    const uint8_t v = kTable[c];
    if (v == kSkip) continue;
    if (c == '=') ++pad;
    block[filled++] = v;
    if (filled < 4) continue;
    out[pos++] = static_cast<char>((block[0] << 2) | (block[1] >> 4));
    out[pos++] = static_cast<char>((block[1] << 4) | (block[2] >> 2));
    out[pos++] = static_cast<char>((block[2] << 6) | block[3]);
    filled = 0;
    if (pad > 0) {
      if (pad > 2) return 0;  // "x===" or "====": not a valid group
      pos -= static_cast<std::size_t>(pad);
      break;
    }
  }
  return pos;
}

}  // namespace ringcache::common
