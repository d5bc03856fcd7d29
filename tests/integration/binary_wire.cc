#include "tests/integration/binary_wire.h"

#include <cstdio>

namespace ringcache::integration::bin {
namespace {

std::string be(uint64_t v, int bytes) {
  std::string s;
  for (int i = bytes - 1; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return s;
}

std::string hex(uint64_t v, int digits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string be16(uint16_t v) { return be(v, 2); }
std::string be32(uint32_t v) { return be(v, 4); }
std::string be64(uint64_t v) { return be(v, 8); }

uint64_t from_be(std::string_view bytes) {
  uint64_t v = 0;
  for (unsigned char c : bytes.substr(0, 8)) v = (v << 8) | c;
  return v;
}

std::string Request::bytes() const {
  const uint32_t body = static_cast<uint32_t>(extras.size() + key.size() + value.size());
  std::string s;
  s.push_back(static_cast<char>(magic));
  s.push_back(static_cast<char>(opcode));
  s += be16(key_length.value_or(static_cast<uint16_t>(key.size())));
  s.push_back(static_cast<char>(extras.size()));
  s.push_back(0);     // data type: raw bytes
  s += be16(0);       // vbucket
  s += be32(body_length.value_or(body));
  s += be32(opaque);
  s += be64(cas);
  return s + extras + key + value;
}

std::string concat(std::initializer_list<Request> packets) {
  std::string out;
  for (const Request& p : packets) out += p.bytes();
  return out;
}

std::optional<Response> read_response(TestClient& client) {
  const std::string header = client.read_exact(kHeaderSize);
  if (header.size() != kHeaderSize) return std::nullopt;
  Response r;
  r.magic = static_cast<uint8_t>(header[0]);
  r.opcode = static_cast<uint8_t>(header[1]);
  const auto key_len = static_cast<std::size_t>(from_be(header.substr(2, 2)));
  const auto extras_len = static_cast<std::size_t>(static_cast<uint8_t>(header[4]));
  r.datatype = static_cast<uint8_t>(header[5]);
  r.status = static_cast<uint16_t>(from_be(header.substr(6, 2)));
  const auto body_len = static_cast<std::size_t>(from_be(header.substr(8, 4)));
  r.opaque = static_cast<uint32_t>(from_be(header.substr(12, 4)));
  r.cas = from_be(header.substr(16, 8));
  if (extras_len + key_len > body_len) return std::nullopt;
  const std::string body = client.read_exact(body_len);
  if (body.size() != body_len) return std::nullopt;
  r.extras = body.substr(0, extras_len);
  r.key = body.substr(extras_len, key_len);
  r.value = body.substr(extras_len + key_len);
  return r;
}

std::string show(const Response& r) {
  return "magic=" + hex(r.magic, 2) + " op=" + hex(r.opcode, 2) + " status=" + hex(r.status, 4) +
         " opaque=" + std::to_string(r.opaque) + " extras=" + escape(r.extras) +
         " key=" + escape(r.key) + " value=" + escape(r.value);
}

std::string show(const std::optional<Response>& r) {
  return r ? show(*r) : std::string("<no complete response>");
}

std::string want(uint8_t opcode, uint16_t status, uint32_t opaque, std::string_view extras,
                 std::string_view key, std::string_view value) {
  Response r;
  r.magic = kResponseMagic;
  r.opcode = opcode;
  r.status = status;
  r.opaque = opaque;
  r.extras = extras;
  r.key = key;
  r.value = value;
  return show(r);
}

}  // namespace ringcache::integration::bin
