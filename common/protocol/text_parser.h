// The memcached text protocol request parser, as a pure function over bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/parse_result.h"
#include "common/protocol/request.h"

namespace ringcache::common {

/// memcached 1.6's per-item header with cas (48 + 8 bytes), counted against -I.
inline constexpr std::size_t kMemcachedItemHeader = 56;

struct TextParserLimits {
  // A storage request is too large (Request::too_large + swallow, memcached's
  // "SERVER_ERROR object too large for cache") when
  //   item_overhead + key + 1 + data + 2 + (flags != 0 ? 4 : 0) > max_value,
  // which is memcached's item_size_ok() with -I = max_value when item_overhead is
  // kMemcachedItemHeader. With item_overhead = 0 the test is simply data > max_value.
  std::size_t max_value = 1024 * 1024;
  std::size_t item_overhead = kMemcachedItemHeader;
  std::size_t max_line = 2048;              // an unterminated non-get line longer: bad + close
  std::size_t max_get_line = 2 * 1024 * 1024;  // an unterminated get/gets line longer: bad + close
};

/// True when a data block of `data_size` bytes (without "\r\n") is too large to store
/// under `limits` (see TextParserLimits): memcached's item_size_ok().
bool exceeds_item_size(const TextParserLimits& limits, std::size_t key_size, uint32_t flags,
                       std::size_t data_size);

// Parses one text request from the front of `in` into `out` (cleared first).
// Never reads past `in`; never allocates except to grow `out.keys`.
//
// kOk fills, besides `command`, `raw` and `noreply`:
//   get gets bget: `keys` (1..n, duplicates kept), `key` = keys[0];
//   gat gats: `exptime` and `keys` (may be empty: memcached then answers a bare END);
//   set add replace append prepend cas: `key flags exptime value` (+ `cas`), or
//     `too_large` with `swallow` = data + 2 (reply, and for set unlink the old item);
//   delete: `key`; incr decr: `key delta`; touch: `key exptime`;
//   flush_all: `exptime` = delay; verbosity: `delta` = level;
//   stats shutdown (version quit too): `arg` = the words after the command, trimmed
//     (stats: "", "items", "detail on", ...; shutdown: "" or "graceful" to act on);
//   mn: Command::kMetaNoop with Protocol::kMeta.
// Numbers are read as memcached reads them (see text_numbers.h): exptime and the
// flush delay are the 32-bit values memcached would use.
// kBad: reply `error` (empty when noreply silenced it) and skip `consumed` bytes;
// `close` means memcached drops the connection (long unterminated line, HTTP).
ParseResult parse_text_request(std::string_view in, Request& out,
                               const TextParserLimits& limits = {});

}  // namespace ringcache::common
