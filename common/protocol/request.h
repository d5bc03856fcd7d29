// Request: one parsed client request, in any of the three protocols.
//
// All string_views point into the caller's read buffer and are valid only until the
// caller consumes those bytes. A session keeps one Request and reuses it, so `keys`
// keeps its capacity and a parse allocates nothing on the hot path.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ringcache::common {

enum class Protocol : uint8_t { kText, kMeta, kBinary };

enum class Command : uint8_t {
  kNone,
  // retrieval (text: one or more keys)
  kGet, kGets, kGat, kGats,
  // storage
  kSet, kAdd, kReplace, kAppend, kPrepend, kCas,
  // other single-key commands
  kDelete, kIncr, kDecr, kTouch,
  // no key
  kFlushAll, kVersion, kVerbosity, kStats, kQuit, kShutdown,
  // meta protocol
  kMetaGet, kMetaSet, kMetaDelete, kMetaArithmetic, kMetaNoop, kMetaDebug,
  // binary protocol only
  kNoop, kSaslListMechs, kSaslAuth, kSaslStep,
};

// Meta flags: one bit per ASCII letter, plus the token that followed the letter
// (empty when the flag had none). Numbers are left as text for the executor.
struct MetaFlags {
  uint64_t present = 0;
  std::array<std::string_view, 52> tokens{};

  static constexpr int index(char c) {
    return (c >= 'A' && c <= 'Z') ? c - 'A' : (c >= 'a' && c <= 'z') ? 26 + c - 'a' : -1;
  }
  bool has(char c) const { return index(c) >= 0 && (present >> index(c)) & 1; }
  std::string_view token(char c) const { return index(c) >= 0 ? tokens[index(c)] : std::string_view{}; }
  void set(char c, std::string_view tok) {
    present |= uint64_t{1} << index(c);
    tokens[index(c)] = tok;
  }
  void clear() { present = 0; }
};

struct Request {
  Command command = Command::kNone;
  Protocol protocol = Protocol::kText;

  std::string_view key;                // the first (or only) key
  std::vector<std::string_view> keys;  // get/gets/gat/gats: every key; keys[0] == key
  std::string_view value;              // data block without its trailing "\r\n"

  uint32_t flags = 0;    // client flags (32-bit unsigned)
  int64_t exptime = 0;   // as sent; flush_all: its delay
  uint64_t cas = 0;      // cas: the compare value; binary: header cas
  uint64_t delta = 0;    // incr/decr amount; verbosity: its level; binary incr: initial in `initial`
  uint64_t initial = 0;  // binary incr/decr initial value
  bool noreply = false;  // text noreply, binary quiet opcodes
  std::string_view arg;  // stats: its group ("" / items / settings ...); shutdown: its argument
  std::string_view raw;  // the whole request as received (line and data block)

  // The declared value was larger than the parser's limit: `value` is empty and the
  // parser told the caller to swallow the data block (memcached's conn_swallow).
  bool too_large = false;

  MetaFlags meta;        // meta protocol flags
  uint8_t opcode = 0;    // binary opcode as received
  uint32_t opaque = 0;   // binary opaque
  bool return_key = false;  // binary getk/getkq

  void clear() {
    command = Command::kNone;
    key = value = arg = raw = {};
    keys.clear();
    flags = 0;
    exptime = 0;
    cas = delta = initial = 0;
    noreply = too_large = return_key = false;
    meta.clear();
    opcode = 0;
    opaque = 0;
  }
};

}  // namespace ringcache::common
