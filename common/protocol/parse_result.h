// The outcome of one parse step over a byte stream (pure; no I/O).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringcache::common {

enum class ParseStatus : unsigned char {
  kOk,        // one request parsed; `consumed` bytes belong to it
  kNeedMore,  // incomplete; nothing consumed, call again with more bytes
  kBad,       // malformed: reply `error`, skip `consumed` bytes, then maybe close
};

struct ParseResult {
  ParseStatus status = ParseStatus::kNeedMore;
  std::size_t consumed = 0;
  // kBad: the exact reply line without "\r\n" (e.g. "CLIENT_ERROR bad data chunk").
  // Empty means: send nothing.
  std::string_view error;
  // Bytes after `consumed` to discard as they arrive (a data block that will not be
  // stored, memcached's conn_swallow). Set with kOk + Request::too_large and with kBad.
  std::size_t swallow = 0;
  // kBad: memcached closes the connection here (e.g. an unterminated line over 2048 bytes).
  bool close = false;
  // kBad from the binary parser: the status of the error packet to send (0: none), with
  // `error` as its body.
  uint16_t binary_status = 0;
};

}  // namespace ringcache::common
