// Response: one reply from a memcached-compatible node, as the proxy reads it.
//
// All string_views point into the caller's read buffer and are valid only until the
// caller consumes those bytes. `raw` is the whole reply, so a reply the proxy does not
// need to change can be forwarded as received; each VALUE item has its own `raw` too, so
// a split multi-get can be merged back by copying item bytes. A connection keeps one
// Response and reuses it: `items` and `stats` keep their capacity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/protocol/request.h"

namespace ringcache::common {

/// What the request was, hence which replies are valid (a bare number only after incr).
enum class ResponseExpect : uint8_t {
  kValues,      // get gets gat gats: VALUE items, then END
  kStorage,     // set add replace append prepend cas: STORED NOT_STORED EXISTS NOT_FOUND
  kDelete,      // DELETED NOT_FOUND
  kArith,       // incr decr: <number> NOT_FOUND
  kTouch,       // TOUCHED NOT_FOUND
  kStats,       // STAT (or ITEM / PREFIX) lines, then END; or RESET / OK
  kVersion,     // VERSION <text>
  kFlushAll,    // OK
  kVerbosity,   // OK
  kMetaGet,     // mg: VA HD EN
  kMetaSet,     // ms: HD NS EX NF
  kMetaDelete,  // md: HD NF EX
  kMetaArith,   // ma: HD VA NF NS EX
  kMetaNoop,    // mn: MN
  kMetaDebug,   // me: ME EN
  kMeta,        // any meta reply (quiet-mode pipelines, where a reply may be skipped)
};

/// The reply the node sends for `command`; nullopt when it sends none (quit, shutdown,
/// binary-only commands). noreply/quiet are the caller's business.
std::optional<ResponseExpect> expect_for(Command command);

enum class ResponseKind : uint8_t {
  kNone,
  kValues,   // items (possibly none) then END
  kStatus,   // one status word: code says which
  kNumber,   // incr/decr result in `number`
  kError,    // ERROR / CLIENT_ERROR / SERVER_ERROR; `text` is the message
  kStats,    // `stats` lines then END
  kVersion,  // `text` is the version string
  kMeta,     // a meta reply: code, `meta` flags, and `value` for VA
};

/// The reply's leading word.
enum class ReplyCode : uint8_t {
  kNone,
  kEnd,  // kValues and kStats
  kStored,
  kNotStored,
  kExists,
  kNotFound,
  kDeleted,
  kTouched,
  kOk,
  kReset,
  kNumber,
  kVersion,
  kError,
  kClientError,
  kServerError,
  kMetaHd,
  kMetaVa,
  kMetaEn,
  kMetaNf,
  kMetaNs,
  kMetaEx,
  kMetaMn,
  kMetaMe,
};

/// One "VALUE <key> <flags> <bytes>[ <cas>]\r\n<data>\r\n" of a get-family reply.
struct ValueItem {
  std::string_view key;
  uint32_t flags = 0;
  uint64_t cas = 0;
  bool has_cas = false;    // gets/gats
  std::string_view value;  // the data block without its "\r\n"
  std::string_view raw;    // header line through the data block's "\r\n"
};

/// One line of a stats reply, without "\r\n".
struct StatLine {
  std::string_view line;   // "STAT pid 1", "ITEM k [1 b; 0 s]", "PREFIX p get 1 ..."
  std::string_view name;   // STAT lines: "pid"; other lines: empty
  std::string_view value;  // STAT lines: everything after the name ("1.6.18", "")
};

struct Response {
  ResponseKind kind = ResponseKind::kNone;
  ReplyCode code = ReplyCode::kNone;

  // kValues; also kError when a node sent some items before an error line.
  std::vector<ValueItem> items;
  std::vector<StatLine> stats;  // kStats

  uint64_t number = 0;  // kNumber
  // kError: the message after "CLIENT_ERROR " / "SERVER_ERROR " / "ERROR " (may be
  // empty); kVersion: the version; ME: the key's details after the key.
  std::string_view text;
  std::string_view key;  // ME: the key as the node printed it

  MetaFlags meta;          // meta replies: the returned flags (k O c f s t ...)
  std::string_view value;  // VA: the data block without its "\r\n"
  bool has_value = false;  // VA

  std::string_view raw;  // the whole reply, "\r\n" included

  // kNeedMore: a lower bound on the input size at which another parse can succeed
  // (past a large data block), so a caller can skip re-parsing until then.
  std::size_t need = 0;

  void clear() {
    kind = ResponseKind::kNone;
    code = ReplyCode::kNone;
    items.clear();
    stats.clear();
    number = 0;
    text = key = value = raw = {};
    meta.clear();
    has_value = false;
    need = 0;
  }
};

}  // namespace ringcache::common
