// The memcached binary protocol's wire format (memcached's protocol_binary.h): a 24-byte
// header in network byte order, then extras, key and value. Opcodes and status codes
// keep memcached's numbers; status texts are the bodies memcached 1.6 sends with them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringcache::common::binary {

inline constexpr uint8_t kRequestMagic = 0x80;
inline constexpr uint8_t kResponseMagic = 0x81;
inline constexpr std::size_t kHeaderSize = 24;
/// memcached refuses longer keys (binary keys are 16-bit, items hold 8-bit lengths).
inline constexpr std::size_t kMaxKeyLength = 250;
/// memcached's MAX_SASL_MECH_LEN.
inline constexpr std::size_t kMaxSaslMechLength = 32;

enum class Opcode : uint8_t {
  kGet = 0x00, kSet = 0x01, kAdd = 0x02, kReplace = 0x03, kDelete = 0x04,
  kIncrement = 0x05, kDecrement = 0x06, kQuit = 0x07, kFlush = 0x08, kGetQ = 0x09,
  kNoop = 0x0a, kVersion = 0x0b, kGetK = 0x0c, kGetKQ = 0x0d, kAppend = 0x0e,
  kPrepend = 0x0f, kStat = 0x10, kSetQ = 0x11, kAddQ = 0x12, kReplaceQ = 0x13,
  kDeleteQ = 0x14, kIncrementQ = 0x15, kDecrementQ = 0x16, kQuitQ = 0x17, kFlushQ = 0x18,
  kAppendQ = 0x19, kPrependQ = 0x1a, kVerbosity = 0x1b, kTouch = 0x1c, kGat = 0x1d,
  kGatQ = 0x1e, kSaslListMechs = 0x20, kSaslAuth = 0x21, kSaslStep = 0x22, kGatK = 0x23,
  kGatKQ = 0x24,
};

enum class Status : uint16_t {
  kSuccess = 0x00,
  kKeyNotFound = 0x01,
  kKeyExists = 0x02,
  kTooLarge = 0x03,
  kInvalidArguments = 0x04,
  kNotStored = 0x05,
  kNonNumeric = 0x06,
  kAuthError = 0x20,
  kAuthContinue = 0x21,
  kUnknownCommand = 0x81,
  kOutOfMemory = 0x82,
};

/// The body memcached's write_bin_error sends with `status` ("" for success/continue).
constexpr std::string_view status_text(Status status) {
  switch (status) {
    case Status::kKeyNotFound: return "Not found";
    case Status::kKeyExists: return "Data exists for key.";
    case Status::kTooLarge: return "Too large.";
    case Status::kInvalidArguments: return "Invalid arguments";
    case Status::kNotStored: return "Not stored.";
    case Status::kNonNumeric: return "Non-numeric server-side value for incr or decr";
    case Status::kAuthError: return "Auth failure.";
    case Status::kUnknownCommand: return "Unknown command";
    case Status::kOutOfMemory: return "Out of memory";
    default: return "";
  }
}

/// A request header, decoded to host byte order.
struct RequestHeader {
  uint8_t magic = 0;
  uint8_t opcode = 0;
  uint16_t key_length = 0;
  uint8_t extras_length = 0;
  uint8_t data_type = 0;
  uint16_t vbucket = 0;
  uint32_t body_length = 0;
  uint32_t opaque = 0;  // written back the same way, so the client sees its own bytes
  uint64_t cas = 0;
};

inline uint16_t load_be16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(u[0] << 8 | u[1]);
}
inline uint32_t load_be32(const char* p) {
  return uint32_t{load_be16(p)} << 16 | load_be16(p + 2);
}
inline uint64_t load_be64(const char* p) {
  return uint64_t{load_be32(p)} << 32 | load_be32(p + 4);
}

/// Decodes the first kHeaderSize bytes at `p`.
inline RequestHeader decode_request_header(const char* p) {
  RequestHeader h;
  h.magic = static_cast<uint8_t>(p[0]);
  h.opcode = static_cast<uint8_t>(p[1]);
  h.key_length = load_be16(p + 2);
  h.extras_length = static_cast<uint8_t>(p[4]);
  h.data_type = static_cast<uint8_t>(p[5]);
  h.vbucket = load_be16(p + 6);
  h.body_length = load_be32(p + 8);
  h.opaque = load_be32(p + 12);
  h.cas = load_be64(p + 16);
  return h;
}

}  // namespace ringcache::common::binary
