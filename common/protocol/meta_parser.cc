// memcached 1.6.18's meta commands (proto_text.c process_m*_command and
// _meta_flag_preparse): the checks that depend only on the request bytes, in memcached's
// order and with its messages.
#include "common/protocol/meta_parser.h"

#include <array>
#include <climits>

#include "common/protocol/text_numbers.h"
#include "common/util/base64.h"

namespace ringcache::common {
namespace {

constexpr std::string_view kError = "ERROR";
constexpr std::string_view kBadFormat = "CLIENT_ERROR bad command line format";
constexpr std::string_view kBadToken = "CLIENT_ERROR bad token in command line format";
constexpr std::string_view kInvalidOrDuplicate = "CLIENT_ERROR invalid or duplicate flag";
constexpr std::string_view kOpaqueTooLong = "CLIENT_ERROR opaque token too long";
constexpr std::size_t kMaxOptTokens = 20;    // MFLAG_MAX_OPT_LENGTH (memcached's ntokens)
constexpr std::size_t kMaxOpaqueLength = 32;  // MFLAG_MAX_OPAQUE_LENGTH (with the 'O')

struct MetaCtx {
  std::string_view in;
  const text::Line& line;
  const text::Tokens& t;
  Request& out;
  const TextParserLimits& limits;
  std::size_t key_size = 0;  // the key's length once decoded (flag b)
};

ParseResult make(ParseStatus status, std::size_t consumed, std::string_view error = {}) {
  ParseResult r;
  r.status = status;
  r.consumed = consumed;
  r.error = error;
  return r;
}

ParseResult ok(MetaCtx& c, std::size_t consumed) {
  c.out.raw = c.in.substr(0, consumed);
  return make(ParseStatus::kOk, consumed);
}

ParseResult bad(const MetaCtx& c, std::string_view error) {
  return make(ParseStatus::kBad, c.line.length, error);
}

// Flag b: memcached decodes the key in place while it scans the flags, so a key that
// does not decode is an error at that position (a later flag's error replaces it).
bool decode_key(MetaCtx& c) {
  char buf[text::kKeyMaxLength];
  const std::string_view key = c.t[1];
  c.key_size = base64_decode(key, buf, sizeof buf);
  return c.key_size != 0;
}

// _meta_flag_preparse: records every flag and checks its number. Returns the error
// memcached reports (empty when all is well); a duplicate or unknown flag stops at once,
// a bad number is remembered and the scan goes on.
std::string_view preparse(MetaCtx& c, std::size_t first) {
  std::array<bool, 128> seen{};
  std::string_view error;
  for (std::size_t i = first; i < c.t.count; ++i) {
    const std::string_view tok = c.t[i];
    const auto o = static_cast<unsigned char>(tok[0]);
    if (o >= 127 || seen[o]) return "CLIENT_ERROR duplicate flag";
    seen[o] = true;
    const std::string_view arg = tok.substr(1);
    int32_t i32 = 0;
    switch (tok[0]) {
      case 'N': case 'R':
        if (!text::safe_strtol(arg, i32)) error = kBadToken;
        break;
      case 'T':
        if (!text::safe_strtol(arg, i32)) error = kBadToken;
        else c.out.exptime = i32;
        break;
      case 'F':  // memcached 1.6.18 leaves its default message here
        if (!text::safe_strtoul(arg, c.out.flags) && error.empty()) error = kBadFormat;
        break;
      case 'C':
        if (!text::safe_strtoull(arg, c.out.cas)) error = kBadToken;
        break;
      case 'M':
        if (tok.size() != 2) error = "CLIENT_ERROR incorrect length for M token";
        break;
      case 'J':
        if (!text::safe_strtoull(arg, c.out.initial)) error = "CLIENT_ERROR invalid numeric initial value";
        break;
      case 'D':
        if (!text::safe_strtoull(arg, c.out.delta)) error = "CLIENT_ERROR invalid numeric delta value";
        break;
      case 'b':
        if (!decode_key(c)) error = "CLIENT_ERROR error decoding key";
        break;
      case 'c': case 'f': case 'h': case 'k': case 'l': case 'q': case 's':
      case 't': case 'u': case 'v': case 'I': case 'L': case 'O': case 'P':
        break;
      default:
        return "CLIENT_ERROR invalid flag";
    }
    c.out.meta.set(tok[0], arg);
  }
  return error;
}

// Checked only when O was sent: a Request is reused, and its flag tokens outlive a request.
bool opaque_too_long(const Request& r) {
  return r.meta.has('O') && r.meta.token('O').size() + 1 > kMaxOpaqueLength;
}

// The checks every keyed meta command starts with.
std::string_view check_key(const MetaCtx& c, std::string_view too_many) {
  if (c.t.ntokens() < 3) return kError;
  if (c.t[1].size() > text::kKeyMaxLength) return kBadFormat;
  if (c.t.ntokens() > kMaxOptTokens) return too_many;
  return {};
}

ParseResult parse_mg(MetaCtx& c) {
  if (auto e = check_key(c, "CLIENT_ERROR options flags are too long"); !e.empty()) return bad(c, e);
  if (auto e = preparse(c, 2); !e.empty()) return bad(c, e);
  if (opaque_too_long(c.out)) return bad(c, kOpaqueTooLong);
  return ok(c, c.line.length);
}

// md and ma report every preparse failure with one message.
ParseResult parse_md_ma(MetaCtx& c) {
  if (auto e = check_key(c, "CLIENT_ERROR options flags too long"); !e.empty()) return bad(c, e);
  if (c.out.command == Command::kMetaArithmetic) c.out.delta = 1;
  if (!preparse(c, 2).empty()) return bad(c, kInvalidOrDuplicate);
  if (c.out.command == Command::kMetaArithmetic && c.out.meta.has('M')) {
    const char mode = c.out.meta.token('M')[0];
    if (mode != 'I' && mode != '+' && mode != 'D' && mode != '-') {
      return bad(c, "CLIENT_ERROR invalid mode for ma M token");
    }
  }
  if (opaque_too_long(c.out)) return bad(c, kOpaqueTooLong);
  return ok(c, c.line.length);
}

bool valid_ms_mode(const Request& r) {
  if (!r.meta.has('M')) return true;
  const char mode = r.meta.token('M')[0];
  return mode == 'E' || mode == 'A' || mode == 'P' || mode == 'R' || mode == 'S';
}

// ms <key> <datalen> <flags>*: errors after the length swallow the data block.
ParseResult parse_ms(MetaCtx& c) {
  std::string_view e = check_key(c, "CLIENT_ERROR options flags too long");
  if (e.empty() && c.t.ntokens() == 3) e = kBadFormat;
  if (!e.empty()) return bad(c, e);
  int32_t length = 0;
  if (!text::safe_strtol(c.t[2], length) || length < 0 || length > INT_MAX - 2) {
    return bad(c, kBadFormat);
  }
  const std::size_t block = static_cast<std::size_t>(length) + 2;
  e = preparse(c, 3);
  if (e.empty() && opaque_too_long(c.out)) e = kOpaqueTooLong;
  if (e.empty() && !valid_ms_mode(c.out)) e = "CLIENT_ERROR invalid mode for ms M token";
  if (!e.empty()) {
    ParseResult r = bad(c, e);
    r.swallow = block;
    return r;
  }
  const std::size_t line = c.line.length;
  const std::size_t key_size = c.out.meta.has('b') ? c.key_size : c.t[1].size();
  if (exceeds_item_size(c.limits, key_size, c.out.flags, block - 2)) {
    c.out.too_large = true;
    ParseResult r = ok(c, line);
    r.swallow = block;
    return r;
  }
  if (c.in.size() - line < block) return {};
  const std::string_view data = c.in.substr(line, block);
  // Never silenced by q: memcached clears noreply for this error.
  if (data.substr(block - 2) != "\r\n") {
    return make(ParseStatus::kBad, line + block, "CLIENT_ERROR bad data chunk");
  }
  c.out.value = data.substr(0, block - 2);
  return ok(c, line + block);
}

ParseResult parse_me(MetaCtx& c) {
  if (c.t.ntokens() < 3 || c.t[1].size() > text::kKeyMaxLength) return bad(c, kBadFormat);
  if (c.t.ntokens() >= 4 && c.t[2] == "b") c.out.meta.set('b', {});
  return ok(c, c.line.length);
}

}  // namespace

ParseResult parse_meta_tokens(std::string_view in, const text::Line& line,
                              const text::Tokens& tokens, Request& out,
                              const TextParserLimits& limits) {
  MetaCtx c{in, line, tokens, out, limits};
  out.protocol = Protocol::kMeta;
  if (tokens.count > 1) out.key = tokens[1];
  ParseResult r;
  switch (tokens[0][1]) {
    case 'g': out.command = Command::kMetaGet; r = parse_mg(c); break;
    case 's': out.command = Command::kMetaSet; r = parse_ms(c); break;
    case 'd': out.command = Command::kMetaDelete; r = parse_md_ma(c); break;
    case 'a': out.command = Command::kMetaArithmetic; r = parse_md_ma(c); break;
    case 'e': out.command = Command::kMetaDebug; r = parse_me(c); break;
    case 'n': out.command = Command::kMetaNoop; r = ok(c, line.length); break;
    default: r = bad(c, kError); break;
  }
  return r;
}

ParseResult parse_meta_request(std::string_view in, Request& out,
                               const TextParserLimits& limits) {
  text::Line line;
  if (!text::frame_line(in, line)) return parse_text_request(in, out, limits);
  text::Tokens tokens;
  text::tokenize(line.text, tokens);
  out.clear();
  if (tokens.count == 0 || tokens[0].size() != 2 || tokens[0][0] != 'm') {
    return make(ParseStatus::kBad, line.length, kError);
  }
  ParseResult r = parse_meta_tokens(in, line, tokens, out, limits);
  if (r.status != ParseStatus::kOk) out.command = Command::kNone;
  return r;
}

}  // namespace ringcache::common
