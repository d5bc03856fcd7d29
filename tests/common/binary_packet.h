// Builds binary-protocol request packets and reads response packets, for tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/protocol/binary_format.h"

namespace ringcache::common::binary_test {

inline void put_be(std::string& s, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

inline std::string be32(uint32_t v) {
  std::string s;
  put_be(s, v, 4);
  return s;
}

inline std::string be64(uint64_t v) {
  std::string s;
  put_be(s, v, 8);
  return s;
}

/// A request packet; `body_length` overrides the computed one when >= 0.
struct Packet {
  explicit Packet(uint8_t op, std::string k = {}, std::string ext = {}, std::string val = {},
                  uint32_t opq = 0, uint64_t c = 0)
      : opcode(op), key(std::move(k)), extras(std::move(ext)), value(std::move(val)),
        opaque(opq), cas(c) {}

  uint8_t opcode = 0;
  std::string key;
  std::string extras;
  std::string value;
  uint32_t opaque = 0;
  uint64_t cas = 0;
  uint8_t magic = binary::kRequestMagic;
  int64_t body_length = -1;

  std::string bytes() const {
    std::string s;
    s.push_back(static_cast<char>(magic));
    s.push_back(static_cast<char>(opcode));
    put_be(s, key.size(), 2);
    s.push_back(static_cast<char>(extras.size()));
    s.push_back(0);
    put_be(s, 0, 2);
    const uint64_t body = extras.size() + key.size() + value.size();
    put_be(s, body_length >= 0 ? static_cast<uint64_t>(body_length) : body, 4);
    put_be(s, opaque, 4);
    put_be(s, cas, 8);
    return s + extras + key + value;
  }
};

inline std::string set_extras(uint32_t flags, uint32_t exptime) {
  return be32(flags) + be32(exptime);
}

inline std::string incr_extras(uint64_t delta, uint64_t initial, uint32_t exptime) {
  return be64(delta) + be64(initial) + be32(exptime);
}

/// One decoded response packet.
struct Response {
  uint8_t magic = 0;
  uint8_t opcode = 0;
  uint16_t status = 0;
  uint32_t opaque = 0;
  uint64_t cas = 0;
  std::string extras;
  std::string key;
  std::string value;
};

/// Splits `bytes` into response packets; a trailing partial packet is returned in `rest`.
inline std::vector<Response> decode_responses(std::string_view bytes, std::string* rest = nullptr) {
  std::vector<Response> out;
  while (bytes.size() >= binary::kHeaderSize) {
    const char* p = bytes.data();
    const uint16_t keylen = binary::load_be16(p + 2);
    const uint8_t extlen = static_cast<uint8_t>(p[4]);
    const uint32_t body = binary::load_be32(p + 8);
    if (bytes.size() < binary::kHeaderSize + body) break;
    Response r;
    r.magic = static_cast<uint8_t>(p[0]);
    r.opcode = static_cast<uint8_t>(p[1]);
    r.status = binary::load_be16(p + 6);
    r.opaque = binary::load_be32(p + 12);
    r.cas = binary::load_be64(p + 16);
    std::string_view b = bytes.substr(binary::kHeaderSize, body);
    r.extras = b.substr(0, extlen);
    r.key = b.substr(extlen, keylen);
    r.value = b.substr(extlen + keylen);
    out.push_back(r);
    bytes.remove_prefix(binary::kHeaderSize + body);
  }
  if (rest != nullptr) *rest = bytes;
  return out;
}

}  // namespace ringcache::common::binary_test
