// Binary-protocol packets for the integration tests, written from memcached's
// protocol_binary.h (24-byte header, network byte order) rather than from the node's own
// protocol code, so that a shared misreading of the layout cannot make both sides agree.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "tests/integration/test_client.h"

namespace ringcache::integration::bin {

inline constexpr uint8_t kRequestMagic = 0x80;
inline constexpr uint8_t kResponseMagic = 0x81;
inline constexpr std::size_t kHeaderSize = 24;

/// Opcodes (protocol_binary_command).
enum Op : uint8_t {
  kGet = 0x00, kSet = 0x01, kAdd = 0x02, kReplace = 0x03, kDelete = 0x04,
  kIncrement = 0x05, kDecrement = 0x06, kQuit = 0x07, kFlush = 0x08, kGetQ = 0x09,
  kNoop = 0x0a, kVersion = 0x0b, kGetK = 0x0c, kGetKQ = 0x0d, kAppend = 0x0e,
  kPrepend = 0x0f, kStat = 0x10, kSetQ = 0x11, kAddQ = 0x12, kReplaceQ = 0x13,
  kDeleteQ = 0x14, kIncrementQ = 0x15, kDecrementQ = 0x16, kQuitQ = 0x17, kFlushQ = 0x18,
  kAppendQ = 0x19, kPrependQ = 0x1a, kVerbosity = 0x1b, kTouch = 0x1c, kGat = 0x1d,
  kGatQ = 0x1e, kSaslListMechs = 0x20, kSaslAuth = 0x21, kSaslStep = 0x22, kGatK = 0x23,
  kGatKQ = 0x24,
};

/// Response statuses (protocol_binary_response_status).
enum Status : uint16_t {
  kSuccess = 0x00, kKeyNotFound = 0x01, kKeyExists = 0x02, kTooLarge = 0x03,
  kInvalidArguments = 0x04, kNotStored = 0x05, kNonNumeric = 0x06, kAuthError = 0x20,
  kAuthContinue = 0x21, kUnknownCommand = 0x81, kOutOfMemory = 0x82,
};

/// A request packet; the lengths are computed unless overridden (to build broken packets).
struct Request {
  uint8_t opcode = kNoop;
  std::string key;
  std::string extras;
  std::string value;
  uint32_t opaque = 0;
  uint64_t cas = 0;
  uint8_t magic = kRequestMagic;
  std::optional<uint16_t> key_length;
  std::optional<uint32_t> body_length;

  std::string bytes() const;
};

/// A response packet as read from the wire.
struct Response {
  uint8_t magic = 0;
  uint8_t opcode = 0;
  uint8_t datatype = 0;
  uint16_t status = 0;
  uint32_t opaque = 0;
  uint64_t cas = 0;
  std::string extras;
  std::string key;
  std::string value;
};

std::string be16(uint16_t v);
std::string be32(uint32_t v);
std::string be64(uint64_t v);
/// A big-endian unsigned number (up to 8 bytes); 0 for an empty string.
uint64_t from_be(std::string_view bytes);

/// A well-formed request packet.
inline Request packet(uint8_t opcode, std::string key = {}, std::string extras = {},
                      std::string value = {}, uint32_t opaque = 0, uint64_t cas = 0) {
  Request r;
  r.opcode = opcode;
  r.key = std::move(key);
  r.extras = std::move(extras);
  r.value = std::move(value);
  r.opaque = opaque;
  r.cas = cas;
  return r;
}

/// The packets' bytes, back to back (one write sends a whole pipeline).
std::string concat(std::initializer_list<Request> packets);

/// Extras of set/add/replace: flags then exptime.
inline std::string store_extras(uint32_t flags, uint32_t exptime) {
  return be32(flags) + be32(exptime);
}
/// Extras of incr/decr: delta, initial value, exptime (0xffffffff: no auto-create).
inline std::string arith_extras(uint64_t delta, uint64_t initial, uint32_t exptime) {
  return be64(delta) + be64(initial) + be32(exptime);
}

/// Reads one whole response packet within the client's timeout (nothing on timeout/EOF).
std::optional<Response> read_response(TestClient& client);

/// Everything but the CAS, for EXPECT_EQ on whole packets (CAS values differ by server).
std::string show(const Response& r);
std::string show(const std::optional<Response>& r);
/// The expected packet in show()'s form.
std::string want(uint8_t opcode, uint16_t status, uint32_t opaque, std::string_view extras = {},
                 std::string_view key = {}, std::string_view value = {});

/// Reads one response and shows it (for EXPECT_EQ against want()).
inline std::string next(TestClient& client) { return show(read_response(client)); }

}  // namespace ringcache::integration::bin
