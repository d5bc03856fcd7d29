// memcached 1.6.18's text protocol (proto_text.c) as a pure parser. Each handler
// reproduces the checks of memcached's process_*_command in the same order, so the
// error line and what is consumed match memcached byte for byte; checks that need
// stored data or settings are left to the executor.
#include "common/protocol/text_parser.h"

#include <climits>

#include "common/protocol/meta_parser.h"
#include "common/protocol/text_numbers.h"
#include "common/protocol/text_tokenizer.h"

namespace ringcache::common {
namespace {

using text::Tokens;

constexpr std::string_view kError = "ERROR";
constexpr std::string_view kBadFormat = "CLIENT_ERROR bad command line format";
constexpr std::string_view kBadChunk = "CLIENT_ERROR bad data chunk";
constexpr std::string_view kBadExptime = "CLIENT_ERROR invalid exptime argument";
constexpr std::string_view kBadDelta = "CLIENT_ERROR invalid numeric delta argument";
constexpr std::string_view kDeleteUsage =
    "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]";
constexpr std::string_view kNoTls = "Error TLS not enabled";
// memcached keeps reading an unterminated get line only if it starts within this many spaces.
constexpr std::size_t kMaxLeadingSpaces = 100;

// One parse step: the input, the framed line and its tokens.
struct Ctx {
  std::string_view in;
  text::Line line;
  Tokens t;
  Request& out;
  const TextParserLimits& limits;
};

ParseResult need_more() { return {}; }

ParseResult result(ParseStatus status, std::size_t consumed) {
  ParseResult r;
  r.status = status;
  r.consumed = consumed;
  return r;
}

ParseResult ok(Ctx& c, std::size_t consumed) {
  c.out.raw = c.in.substr(0, consumed);
  return result(ParseStatus::kOk, consumed);
}

// A reply line that memcached sends instead of executing; noreply silences it.
ParseResult bad(std::size_t consumed, std::string_view error, bool noreply = false) {
  ParseResult r = result(ParseStatus::kBad, consumed);
  if (!noreply) r.error = error;
  return r;
}

ParseResult bad_line(const Ctx& c, std::string_view error, bool noreply = false) {
  return bad(c.line.length, error, noreply);
}

ParseResult close_now(std::size_t consumed) {
  ParseResult r = result(ParseStatus::kBad, consumed);
  r.close = true;
  return r;
}

bool key_too_long(std::string_view key) { return key.size() > text::kKeyMaxLength; }

// No '\n' yet (try_read_command_ascii): over max_line only a get/gets line may grow.
ParseResult incomplete_line(std::string_view in, const TextParserLimits& limits) {
  if (in.size() <= limits.max_line) return need_more();
  std::size_t lead = 0;
  while (lead < in.size() && in[lead] == ' ') ++lead;
  const std::string_view head = in.substr(lead);
  const bool is_get = head.starts_with("get ") || head.starts_with("gets ");
  if (lead > kMaxLeadingSpaces || !is_get || in.size() > limits.max_get_line) {
    return close_now(in.size());
  }
  return need_more();
}

// get gets gat gats bget: every key on the line, past memcached's 23-token window.
ParseResult parse_retrieval(Ctx& c, Command cmd) {
  if (c.t.ntokens() < 3) return bad_line(c, kError);
  std::size_t first = 1;
  if (cmd == Command::kGat || cmd == Command::kGats) {
    int32_t exptime = 0;
    if (!text::safe_strtol(c.t[1], exptime)) return bad_line(c, kBadExptime);
    c.out.exptime = exptime;
    first = 2;
  }
  bool too_long = false;
  for (std::size_t i = first; i < c.t.count; ++i) {
    too_long |= key_too_long(c.t[i]);
    c.out.keys.push_back(c.t[i]);
  }
  std::string_view rest = c.t.rest;
  for (std::string_view k = text::next_token(rest); !k.empty(); k = text::next_token(rest)) {
    too_long |= key_too_long(k);
    c.out.keys.push_back(k);
  }
  // memcached drops the hits it already gathered and answers only this error.
  if (too_long) return bad_line(c, kBadFormat);
  if (!c.out.keys.empty()) c.out.key = c.out.keys.front();
  return ok(c, c.line.length);
}

// The data block after a storage line (conn_nread / conn_swallow).
ParseResult read_data_block(Ctx& c, std::size_t block) {
  const std::size_t line = c.line.length;
  if (exceeds_item_size(c.limits, c.out.key.size(), c.out.flags, block - 2)) {
    c.out.too_large = true;
    ParseResult r = ok(c, line);
    r.swallow = block;
    return r;
  }
  if (c.in.size() - line < block) return need_more();
  const std::string_view data = c.in.substr(line, block);
  // memcached reads exactly block bytes, then checks that they end in "\r\n".
  if (data.substr(block - 2) != "\r\n") return bad(line + block, kBadChunk, c.out.noreply);
  c.out.value = data.substr(0, block - 2);
  return ok(c, line + block);
}

// set add replace append prepend cas (process_update_command).
ParseResult parse_storage(Ctx& c, Command cmd) {
  const bool with_cas = cmd == Command::kCas;
  const std::size_t want = with_cas ? 7 : 6;
  if (c.t.ntokens() != want && c.t.ntokens() != want + 1) return bad_line(c, kError);
  const bool noreply = c.out.noreply = c.t.noreply();
  if (key_too_long(c.t[1])) return bad_line(c, kBadFormat, noreply);
  int32_t exptime = 0;
  int32_t length = 0;
  if (!text::safe_strtoul(c.t[2], c.out.flags) || !text::safe_strtol(c.t[3], exptime) ||
      !text::safe_strtol(c.t[4], length)) {
    return bad_line(c, kBadFormat, noreply);
  }
  if (with_cas && !text::safe_strtoull(c.t[5], c.out.cas)) return bad_line(c, kBadFormat, noreply);
  if (length < 0 || length > INT_MAX - 2) return bad_line(c, kBadFormat, noreply);
  c.out.key = c.t[1];
  c.out.exptime = exptime;
  return read_data_block(c, static_cast<std::size_t>(length) + 2);
}

// delete <key> [0] [noreply]: a hold time other than 0 is refused.
ParseResult parse_delete(Ctx& c, Command) {
  const std::size_t n = c.t.ntokens();
  if (n < 3 || n > 5) return bad_line(c, kError);
  if (n > 3) {
    const bool hold_is_zero = c.t[2] == "0";
    const bool noreply = c.out.noreply = c.t.noreply();
    const bool valid = (n == 4 && (hold_is_zero || noreply)) || (n == 5 && hold_is_zero && noreply);
    if (!valid) return bad_line(c, kDeleteUsage, noreply);
  }
  if (key_too_long(c.t[1])) return bad_line(c, kBadFormat, c.out.noreply);
  c.out.key = c.t[1];
  return ok(c, c.line.length);
}

// incr / decr <key> <delta> [noreply].
ParseResult parse_arithmetic(Ctx& c, Command) {
  if (c.t.ntokens() != 4 && c.t.ntokens() != 5) return bad_line(c, kError);
  const bool noreply = c.out.noreply = c.t.noreply();
  if (key_too_long(c.t[1])) return bad_line(c, kBadFormat, noreply);
  if (!text::safe_strtoull(c.t[2], c.out.delta)) return bad_line(c, kBadDelta, noreply);
  c.out.key = c.t[1];
  return ok(c, c.line.length);
}

// touch <key> <exptime> [noreply].
ParseResult parse_touch(Ctx& c, Command) {
  if (c.t.ntokens() != 4 && c.t.ntokens() != 5) return bad_line(c, kError);
  const bool noreply = c.out.noreply = c.t.noreply();
  if (key_too_long(c.t[1])) return bad_line(c, kBadFormat, noreply);
  int32_t exptime = 0;
  if (!text::safe_strtol(c.t[2], exptime)) return bad_line(c, kBadExptime, noreply);
  c.out.key = c.t[1];
  c.out.exptime = exptime;
  return ok(c, c.line.length);
}

// flush_all [delay] [noreply]: the delay goes to `exptime`.
ParseResult parse_flush_all(Ctx& c, Command) {
  const std::size_t n = c.t.ntokens();
  if (n < 2 || n > 4) return bad_line(c, kError);
  const bool noreply = c.out.noreply = c.t.noreply();
  int32_t delay = 0;
  if (n != (noreply ? 3u : 2u) && !text::safe_strtol(c.t[1], delay)) {
    return bad_line(c, kBadExptime, noreply);
  }
  c.out.exptime = delay;
  return ok(c, c.line.length);
}

// verbosity <level> [noreply]: the level goes to `delta`.
ParseResult parse_verbosity(Ctx& c, Command) {
  if (c.t.ntokens() != 3 && c.t.ntokens() != 4) return bad_line(c, kError);
  const bool noreply = c.out.noreply = c.t.noreply();
  uint32_t level = 0;
  if (!text::safe_strtoul(c.t[1], level)) return bad_line(c, kBadFormat, noreply);
  c.out.delta = level;
  return ok(c, c.line.length);
}

// The words after the command, spaces trimmed at both ends ("" when none).
std::string_view arguments(const Ctx& c) {
  if (c.t.count < 2) return {};
  const std::string_view line = c.line.text;
  std::size_t begin = static_cast<std::size_t>(c.t[1].data() - line.data());
  std::size_t end = line.size();
  while (end > begin && line[end - 1] == ' ') --end;
  return line.substr(begin, end - begin);
}

// version quit stats shutdown: any tokens; stats and shutdown keep theirs in `arg`.
ParseResult parse_with_arguments(Ctx& c, Command) {
  c.out.arg = arguments(c);
  return ok(c, c.line.length);
}

ParseResult parse_refresh_certs(Ctx& c, Command) { return bad_line(c, kNoTls); }

using Handler = ParseResult (*)(Ctx&, Command);

struct Entry {
  std::string_view name;
  Command command;
  Handler handler;
};

// Most frequent first; a linear scan over short names beats hashing here.
constexpr Entry kCommands[] = {
    {"get", Command::kGet, parse_retrieval},
    {"set", Command::kSet, parse_storage},
    {"gets", Command::kGets, parse_retrieval},
    {"delete", Command::kDelete, parse_delete},
    {"incr", Command::kIncr, parse_arithmetic},
    {"decr", Command::kDecr, parse_arithmetic},
    {"touch", Command::kTouch, parse_touch},
    {"gat", Command::kGat, parse_retrieval},
    {"gats", Command::kGats, parse_retrieval},
    {"add", Command::kAdd, parse_storage},
    {"replace", Command::kReplace, parse_storage},
    {"append", Command::kAppend, parse_storage},
    {"prepend", Command::kPrepend, parse_storage},
    {"cas", Command::kCas, parse_storage},
    {"bget", Command::kGet, parse_retrieval},
    {"flush_all", Command::kFlushAll, parse_flush_all},
    {"version", Command::kVersion, parse_with_arguments},
    {"verbosity", Command::kVerbosity, parse_verbosity},
    {"stats", Command::kStats, parse_with_arguments},
    {"quit", Command::kQuit, parse_with_arguments},
    {"shutdown", Command::kShutdown, parse_with_arguments},
    {"refresh_certs", Command::kNone, parse_refresh_certs},
};

// An unknown command: memcached closes on what looks like HTTP, except in the branches
// of its dispatch that start with these letters, which answer ERROR themselves.
ParseResult unknown_command(const Ctx& c) {
  const char first = c.t[0][0];
  constexpr std::string_view kBranchLetters = "gsacidt";
  if (kBranchLetters.find(first) == std::string_view::npos && c.t.last().starts_with("HTTP/")) {
    return close_now(c.line.length);
  }
  return bad_line(c, kError);
}

ParseResult dispatch(Ctx& c) {
  const std::string_view name = c.t[0];
  if (name[0] == 'm' && name.size() == 2) {
    return parse_meta_tokens(c.in, c.line, c.t, c.out, c.limits);
  }
  for (const Entry& e : kCommands) {
    if (e.name == name) {
      c.out.command = e.command;
      return e.handler(c, e.command);
    }
  }
  return unknown_command(c);
}

}  // namespace

bool exceeds_item_size(const TextParserLimits& limits, std::size_t key_size, uint32_t flags,
                       std::size_t data_size) {
  if (limits.item_overhead == 0) return data_size > limits.max_value;
  const std::size_t flags_size = flags != 0 ? sizeof(uint32_t) : 0;
  return limits.item_overhead + key_size + 1 + data_size + 2 + flags_size > limits.max_value;
}

ParseResult parse_text_request(std::string_view in, Request& out,
                               const TextParserLimits& limits) {
  out.clear();
  out.protocol = Protocol::kText;
  Ctx c{in, {}, {}, out, limits};
  if (!text::frame_line(in, c.line)) return incomplete_line(in, limits);
  text::tokenize(c.line.text, c.t);
  // No valid command is shorter than two bytes.
  if (c.t.count == 0 || c.t[0].size() < 2) return bad_line(c, kError);
  ParseResult r = dispatch(c);
  if (r.status != ParseStatus::kOk) {
    out.command = Command::kNone;
    out.protocol = Protocol::kText;
  }
  return r;
}

}  // namespace ringcache::common
