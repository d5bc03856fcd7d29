#include "common/protocol/binary_writer.h"

namespace ringcache::common::binary {

namespace {

void put_be(char* p, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    p[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}

}  // namespace

void append_response(std::string& out, const ResponseHeader& header, std::string_view extras,
                     std::string_view key, std::string_view value) {
  char h[kHeaderSize];
  h[0] = static_cast<char>(kResponseMagic);
  h[1] = static_cast<char>(header.opcode);
  put_be(h + 2, key.size(), 2);
  h[4] = static_cast<char>(extras.size());
  h[5] = 0;  // data type: raw bytes
  put_be(h + 6, static_cast<uint16_t>(header.status), 2);
  put_be(h + 8, extras.size() + key.size() + value.size(), 4);
  put_be(h + 12, header.opaque, 4);
  put_be(h + 16, header.cas, 8);
  out.reserve(out.size() + kHeaderSize + extras.size() + key.size() + value.size());
  out.append(h, kHeaderSize);
  out.append(extras);
  out.append(key);
  out.append(value);
}

void append_error(std::string& out, uint8_t opcode, uint32_t opaque, Status status) {
  append_response(out, {opcode, status, opaque, 0}, {}, {}, status_text(status));
}

std::string_view encode_be32(uint32_t v, char (&buf)[4]) {
  put_be(buf, v, 4);
  return {buf, 4};
}

std::string_view encode_be64(uint64_t v, char (&buf)[8]) {
  put_be(buf, v, 8);
  return {buf, 8};
}

}  // namespace ringcache::common::binary
