// Composes requests to a node (text and meta protocol), appended to an output string.
// No formatting library and no allocation beyond the string growing. The caller passes
// parts that a parsed Request already validated (keys without spaces, <= 250 bytes).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/protocol/request.h"

namespace ringcache::common {

/// "get|gets k1 k2 ...\r\n", or "gat|gats <exptime> k1 k2 ...\r\n" (the proxy sends each
/// node its share of a multi-get). `cmd` is kGet, kGets, kGat or kGats.
void write_retrieval(std::string& out, Command cmd, std::span<const std::string_view> keys,
                     int64_t exptime = 0);

/// "<cmd> <key> <flags> <exptime> <bytes>[ <cas>][ noreply]\r\n<data>\r\n" for kSet kAdd
/// kReplace kAppend kPrepend, and kCas (which alone writes `cas`).
void write_storage(std::string& out, Command cmd, std::string_view key, uint32_t flags,
                   int64_t exptime, std::string_view data, uint64_t cas = 0, bool noreply = false);

/// "delete <key>[ noreply]\r\n".
void write_delete(std::string& out, std::string_view key, bool noreply = false);
/// "incr|decr <key> <delta>[ noreply]\r\n"; `cmd` is kIncr or kDecr.
void write_arith(std::string& out, Command cmd, std::string_view key, uint64_t delta,
                 bool noreply = false);
/// "touch <key> <exptime>[ noreply]\r\n".
void write_touch(std::string& out, std::string_view key, int64_t exptime, bool noreply = false);
/// "flush_all[ <delay>][ noreply]\r\n"; a delay of 0 is left out (memcached: the same).
void write_flush_all(std::string& out, int64_t delay = 0, bool noreply = false);
/// "version\r\n".
void write_version(std::string& out);
/// "stats[ <group>]\r\n" (group: "", "items", "slabs", "settings", "detail dump" ...).
void write_stats(std::string& out, std::string_view group = {});
/// "verbosity <level>[ noreply]\r\n".
void write_verbosity(std::string& out, uint64_t level, bool noreply = false);

/// Recomposes a parsed text request from its fields (a get with all of `keys`).
/// False, with nothing written, for commands a node is not sent this way (meta, quit,
/// shutdown, binary-only): forward meta requests with write_meta.
bool write_request(std::string& out, const Request& req);

/// Changes to a meta request's flags on its way to a node.
struct MetaEdit {
  std::string_view drop;                  // flag letters to remove, e.g. "q"
  std::span<const std::string_view> add;  // whole flag tokens to append, e.g. "O17"
};

/// A meta request as received (`raw`: its line, "\r\n" and for ms the data block), with
/// the flags in `edit.drop` removed and `edit.add` appended; the command, key and ms
/// length are kept, and so is the data block. To force a flag's value, drop its letter
/// and add the new token. With an empty edit, `raw` is copied unchanged.
/// False, with nothing written, when `raw` has no complete line.
bool write_meta(std::string& out, std::string_view raw, const MetaEdit& edit = {});

}  // namespace ringcache::common
