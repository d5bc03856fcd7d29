#include "proxy/route/meta_key.h"

#include <array>
#include <cstdint>

namespace ringcache::proxy {
namespace {

constexpr std::array<int8_t, 256> make_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return t;
}

constexpr std::array<int8_t, 256> kDecode = make_table();

}  // namespace

std::optional<std::string_view> decode_base64(std::string_view in, std::string& scratch) {
  if (in.empty() || in.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  while (pad < 2 && in[in.size() - 1 - pad] == '=') ++pad;
  scratch.clear();
  uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < in.size() - pad; ++i) {
    int8_t v = kDecode[static_cast<unsigned char>(in[i])];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      scratch.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return std::string_view(scratch);
}

std::optional<std::string_view> routing_key(const common::Request& req, std::string& scratch) {
  if (req.protocol != common::Protocol::kMeta || !req.meta.has('b')) return req.key;
  return decode_base64(req.key, scratch);
}

}  // namespace ringcache::proxy
