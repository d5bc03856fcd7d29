// Node replies as memcached 1.6 sends them (proto_text.c, proto_meta in doc/protocol.txt).
// Each call re-reads the reply from the start, but it only scans lines: data blocks are
// skipped by their declared length, so re-parsing a large multi-get costs a few lines.
#include "common/protocol/response_parser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <initializer_list>

namespace ringcache::common {
namespace {

constexpr std::string_view kLineTooLong = "SERVER_ERROR backend reply line too long";
constexpr std::string_view kTooLarge = "SERVER_ERROR backend value too large";
constexpr std::string_view kMalformed = "SERVER_ERROR malformed backend reply";
constexpr std::string_view kUnexpected = "SERVER_ERROR unexpected backend reply";

enum class Step : uint8_t { kDone, kMore, kBad };

struct Word {
  std::string_view text;
  ReplyCode code;
};

// clang-format off
constexpr std::array<Word, 21> kWords = {{
    {"END", ReplyCode::kEnd},             {"STORED", ReplyCode::kStored},
    {"NOT_STORED", ReplyCode::kNotStored}, {"EXISTS", ReplyCode::kExists},
    {"NOT_FOUND", ReplyCode::kNotFound},   {"DELETED", ReplyCode::kDeleted},
    {"TOUCHED", ReplyCode::kTouched},     {"OK", ReplyCode::kOk},
    {"RESET", ReplyCode::kReset},         {"VERSION", ReplyCode::kVersion},
    {"ERROR", ReplyCode::kError},         {"CLIENT_ERROR", ReplyCode::kClientError},
    {"SERVER_ERROR", ReplyCode::kServerError},
    {"HD", ReplyCode::kMetaHd}, {"VA", ReplyCode::kMetaVa}, {"EN", ReplyCode::kMetaEn},
    {"NF", ReplyCode::kMetaNf}, {"NS", ReplyCode::kMetaNs}, {"EX", ReplyCode::kMetaEx},
    {"MN", ReplyCode::kMetaMn}, {"ME", ReplyCode::kMetaMe},
}};
// clang-format on

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Strict unsigned decimal: digits only, no sign, no overflow (memcached prints %llu).
bool parse_u64(std::string_view s, uint64_t& out) {
  if (!is_digits(s) || s.size() > 20) return false;
  uint64_t v = 0;
  for (char c : s) {
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

bool parse_u32(std::string_view s, uint32_t& out) {
  uint64_t v = 0;
  if (!parse_u64(s, v) || v > UINT32_MAX) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

// Pops the next space-separated token (empty when none is left).
std::string_view next_token(std::string_view& rest) {
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  const std::size_t end = std::min(rest.find(' '), rest.size());
  const std::string_view tok = rest.substr(0, end);
  rest.remove_prefix(end);
  return tok;
}

// A line split at its first space: "CLIENT_ERROR bad data chunk" -> head, tail.
struct Split {
  std::string_view head;
  std::string_view tail;
  bool has_tail = false;
};

Split split(std::string_view line) {
  const std::size_t sp = line.find(' ');
  if (sp == std::string_view::npos) return {line, {}, false};
  return {line.substr(0, sp), line.substr(sp + 1), true};
}

ReplyCode code_of(std::string_view head) {
  for (const Word& w : kWords) {
    if (w.text == head) return w.code;
  }
  return is_digits(head) ? ReplyCode::kNumber : ReplyCode::kNone;
}

bool is_error(ReplyCode c) {
  return c == ReplyCode::kError || c == ReplyCode::kClientError || c == ReplyCode::kServerError;
}

bool is_meta(ReplyCode c) { return c >= ReplyCode::kMetaHd && c <= ReplyCode::kMetaMe; }

// Which single-line (or VA) replies fit the request; errors fit every request.
bool allowed(ResponseExpect e, ReplyCode c) {
  using R = ReplyCode;
  const auto any = [c](std::initializer_list<R> set) {
    return std::find(set.begin(), set.end(), c) != set.end();
  };
  switch (e) {
    case ResponseExpect::kStorage:
      return any({R::kStored, R::kNotStored, R::kExists, R::kNotFound});
    case ResponseExpect::kDelete:
      return any({R::kDeleted, R::kNotFound});
    case ResponseExpect::kArith:
      return any({R::kNumber, R::kNotFound});
    case ResponseExpect::kTouch:
      return any({R::kTouched, R::kNotFound});
    case ResponseExpect::kVersion:
      return c == R::kVersion;
    case ResponseExpect::kFlushAll:
    case ResponseExpect::kVerbosity:
      return c == R::kOk;
    case ResponseExpect::kMetaGet:
      return any({R::kMetaVa, R::kMetaHd, R::kMetaEn});
    case ResponseExpect::kMetaSet:
      return any({R::kMetaHd, R::kMetaNs, R::kMetaEx, R::kMetaNf});
    case ResponseExpect::kMetaDelete:
      return any({R::kMetaHd, R::kMetaNf, R::kMetaEx});
    case ResponseExpect::kMetaArith:
      return any({R::kMetaHd, R::kMetaVa, R::kMetaNf, R::kMetaNs, R::kMetaEx});
    case ResponseExpect::kMetaNoop:
      return c == R::kMetaMn;
    case ResponseExpect::kMetaDebug:
      return any({R::kMetaMe, R::kMetaEn});
    case ResponseExpect::kMeta:
      return is_meta(c);
    case ResponseExpect::kValues:
    case ResponseExpect::kStats:
      return false;  // multi-line: read by their own loops
  }
  return false;
}

// One call's position in the input.
struct Reader {
  std::string_view in;
  const ResponseLimits& limits;
  Response& out;
  std::size_t pos = 0;  // start of the next unread line
  std::string_view why;

  Step fail(std::string_view reason) {
    why = reason;
    return Step::kBad;
  }

  // Frames the line at `pos` (without "\r\n") and moves past it.
  Step line(std::string_view& text) {
    const std::size_t avail = in.size() - pos;
    const std::size_t window = std::min(avail, limits.max_line + 2);
    const char* start = in.data() + pos;
    const void* nl = window ? std::memchr(start, '\n', window) : nullptr;
    if (nl == nullptr) {
      if (avail >= limits.max_line + 2) return fail(kLineTooLong);
      out.need = in.size() + 1;
      return Step::kMore;
    }
    const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
    if (len == 0 || start[len - 1] != '\r') return fail(kMalformed);
    text = in.substr(pos, len - 1);
    pos += len + 1;
    return Step::kDone;
  }

  // Reads a data block of `bytes` and its "\r\n" at `pos`.
  Step data(std::size_t bytes, std::string_view& block) {
    if (bytes > limits.max_value) return fail(kTooLarge);
    const std::size_t end = pos + bytes + 2;
    if (in.size() < end) {
      out.need = end;
      return Step::kMore;
    }
    if (in[end - 2] != '\r' || in[end - 1] != '\n') return fail(kMalformed);
    block = in.substr(pos, bytes);
    pos = end;
    return Step::kDone;
  }

  Step done(ResponseKind kind, ReplyCode code) {
    out.kind = kind;
    out.code = code;
    return Step::kDone;
  }
};

Step read_error(Reader& r, const Split& s, ReplyCode code) {
  r.out.text = s.tail;
  return r.done(ResponseKind::kError, code);
}

// The flags of a meta reply: each token is a letter and an optional value.
Step read_meta_flags(Reader& r, std::string_view rest) {
  for (std::string_view tok = next_token(rest); !tok.empty(); tok = next_token(rest)) {
    if (MetaFlags::index(tok.front()) < 0) return r.fail(kMalformed);
    r.out.meta.set(tok.front(), tok.substr(1));
  }
  return Step::kDone;
}

// HD VA EN NF NS EX MN ("VA <size> <flags>*\r\n<data>\r\n") and ME ("ME <key> <details>").
Step read_meta(Reader& r, const Split& s, ReplyCode code) {
  std::string_view rest = s.tail;
  if (code == ReplyCode::kMetaMe) {
    r.out.key = next_token(rest);
    if (r.out.key.empty()) return r.fail(kMalformed);
    r.out.text = rest.empty() ? rest : rest.substr(1);
    return r.done(ResponseKind::kMeta, code);
  }
  uint64_t size = 0;
  if (code == ReplyCode::kMetaVa && !parse_u64(next_token(rest), size)) return r.fail(kMalformed);
  if (read_meta_flags(r, rest) != Step::kDone) return Step::kBad;
  if (code == ReplyCode::kMetaVa) {
    if (size > r.limits.max_value) return r.fail(kTooLarge);
    const Step st = r.data(static_cast<std::size_t>(size), r.out.value);
    if (st != Step::kDone) return st;
    r.out.has_value = true;
  }
  return r.done(ResponseKind::kMeta, code);
}

// Every reply that is one line (plus the VA data block).
Step read_single(Reader& r, ResponseExpect expect) {
  std::string_view line;
  if (const Step st = r.line(line); st != Step::kDone) return st;
  const Split s = split(line);
  const ReplyCode code = code_of(s.head);
  if (is_error(code)) return read_error(r, s, code);
  if (code == ReplyCode::kNone || !allowed(expect, code)) return r.fail(kUnexpected);
  if (is_meta(code)) return read_meta(r, s, code);
  if (code == ReplyCode::kVersion) {
    r.out.text = s.tail;
    return r.done(ResponseKind::kVersion, code);
  }
  if (s.has_tail) return r.fail(kMalformed);
  if (code == ReplyCode::kNumber) {
    if (!parse_u64(s.head, r.out.number)) return r.fail(kMalformed);
    return r.done(ResponseKind::kNumber, code);
  }
  return r.done(ResponseKind::kStatus, code);
}

// "VALUE <key> <flags> <bytes>[ <cas>]" and its data block; `start` is the line's offset.
Step read_item(Reader& r, std::string_view rest, std::size_t start) {
  ValueItem item;
  item.key = next_token(rest);
  const std::string_view flags = next_token(rest);
  const std::string_view bytes = next_token(rest);
  const std::string_view cas = next_token(rest);
  uint64_t size = 0;
  if (item.key.empty() || !parse_u32(flags, item.flags) || !parse_u64(bytes, size) ||
      !next_token(rest).empty()) {
    return r.fail(kMalformed);
  }
  item.has_cas = !cas.empty();
  if (item.has_cas && !parse_u64(cas, item.cas)) return r.fail(kMalformed);
  if (size > r.limits.max_value) return r.fail(kTooLarge);
  if (const Step st = r.data(static_cast<std::size_t>(size), item.value); st != Step::kDone) {
    return st;
  }
  item.raw = r.in.substr(start, r.pos - start);
  r.out.items.push_back(item);
  return Step::kDone;
}

// get gets gat gats: VALUE items then END, or an error line.
Step read_values(Reader& r) {
  for (;;) {
    const std::size_t start = r.pos;
    std::string_view line;
    if (const Step st = r.line(line); st != Step::kDone) return st;
    const Split s = split(line);
    if (s.head == "VALUE") {
      if (const Step st = read_item(r, s.tail, start); st != Step::kDone) return st;
      continue;
    }
    if (line == "END") return r.done(ResponseKind::kValues, ReplyCode::kEnd);
    const ReplyCode code = code_of(s.head);
    if (is_error(code)) return read_error(r, s, code);
    return r.fail(kUnexpected);
  }
}

// stats: STAT / ITEM / PREFIX lines then END; RESET (stats reset); OK (stats detail on).
Step read_stats(Reader& r) {
  for (bool first = true;; first = false) {
    std::string_view line;
    if (const Step st = r.line(line); st != Step::kDone) return st;
    if (line == "END") return r.done(ResponseKind::kStats, ReplyCode::kEnd);
    if (first && line == "RESET") return r.done(ResponseKind::kStatus, ReplyCode::kReset);
    if (first && line == "OK") return r.done(ResponseKind::kStatus, ReplyCode::kOk);
    const Split s = split(line);
    const ReplyCode code = code_of(s.head);
    if (is_error(code)) return read_error(r, s, code);
    if (line.empty() || code != ReplyCode::kNone) return r.fail(kUnexpected);
    StatLine stat{line, {}, {}};
    if (s.head == "STAT") {
      const Split nv = split(s.tail);
      if (nv.head.empty()) return r.fail(kMalformed);
      stat.name = nv.head;
      stat.value = nv.tail;
    }
    r.out.stats.push_back(stat);
  }
}

}  // namespace

ParseResult parse_response(std::string_view in, ResponseExpect expect, Response& out,
                           const ResponseLimits& limits) {
  out.clear();
  Reader r{in, limits, out, 0, {}};
  Step st = Step::kBad;
  switch (expect) {
    case ResponseExpect::kValues:
      st = read_values(r);
      break;
    case ResponseExpect::kStats:
      st = read_stats(r);
      break;
    default:
      st = read_single(r, expect);
      break;
  }
  ParseResult res;
  if (st == Step::kDone) {
    res.status = ParseStatus::kOk;
    res.consumed = r.pos;
    out.raw = in.substr(0, r.pos);
    out.need = 0;
    return res;
  }
  const std::size_t need = out.need;
  out.clear();
  if (st == Step::kMore) {
    out.need = need;
    return res;
  }
  res.status = ParseStatus::kBad;
  res.consumed = in.size();
  res.error = r.why;
  res.close = true;
  return res;
}

}  // namespace ringcache::common
