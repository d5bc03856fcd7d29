// libFuzzer target for parse_meta_request. It walks the input the way a session does
// (fuzz_check.h) and checks on every step the contract of ParseResult, what a parsed meta
// request promises the executor, and that the text parser (which hands two-letter
// m-commands to the meta parser) reaches the same verdict on the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/meta_parser.h"
#include "common/protocol/text_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace ringcache::fuzz;
using ringcache::common::Command;
using ringcache::common::MetaFlags;
using ringcache::common::Protocol;
using ringcache::common::Request;
using ringcache::common::TextParserLimits;

bool is_meta(Command c) {
  return c == Command::kMetaGet || c == Command::kMetaSet || c == Command::kMetaDelete ||
         c == Command::kMetaArithmetic || c == Command::kMetaNoop || c == Command::kMetaDebug;
}

void check_request(std::string_view in, const ParseResult& r, const Request& req) {
  check(is_meta(req.command) && req.protocol == Protocol::kMeta);
  check(req.command == Command::kMetaNoop || !req.key.empty());
  check(req.command == Command::kMetaSet || req.value.empty());
  for (char c = 'A'; c <= 'z'; ++c) {
    if (MetaFlags::index(c) < 0 || !req.meta.has(c)) continue;
    check(inside(in, req.meta.token(c)));
  }
  // An ms data block ends with "\r\n" right after the value.
  if (req.command == Command::kMetaSet && !req.too_large) {
    const std::size_t end = static_cast<std::size_t>(req.value.data() + req.value.size() -
                                                     in.data());
    check(req.value.empty() || (end + 2 == r.consumed && in.substr(end, 2) == "\r\n"));
  }
}

// On a session the text parser sees these bytes first: it must agree whenever the line
// is one it hands to the meta parser.
void check_same_as_text(std::string_view in, const ParseResult& r, const Request& req,
                        const TextParserLimits& limits) {
  // The first word must be two letters: ended by a space or the end of the line ('\r' only
  // ends a line right before '\n'; elsewhere it is part of the word).
  if (in.size() < 3 || in[0] != 'm') return;
  const bool two_letters = in[2] == ' ' || in[2] == '\n' || in.substr(2, 2) == "\r\n";
  if (!two_letters) return;
  static Request via_text;
  const ParseResult t = ringcache::common::parse_text_request(in, via_text, limits);
  check(t.status == r.status && t.consumed == r.consumed && t.swallow == r.swallow &&
        t.close == r.close && t.error == r.error);
  if (r.status == ParseStatus::kOk) {
    check(via_text.command == req.command && via_text.key == req.key &&
          via_text.value == req.value && via_text.meta.present == req.meta.present);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  TextParserLimits limits;
  limits.max_value = 4096;  // small, so the too-large path is reachable
  auto parse = [&](std::string_view in, Request& out) {
    return ringcache::common::parse_meta_request(in, out, limits);
  };
  static Request req;
  walk_requests(as_view(data, size), req, parse, [&](std::string_view in, const ParseResult& r) {
    if (r.status == ParseStatus::kOk) check_request(in, r, req);
    check_cut_request(in, r, parse, /*lines=*/true);
    check_same_as_text(in, r, req, limits);
  });
  return 0;
}
