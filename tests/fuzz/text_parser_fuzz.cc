// libFuzzer target for parse_text_request. It walks the input the way a session does
// (parse, skip what was consumed and swallowed, parse again) and checks the contract of
// ParseResult on every step.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "common/protocol/text_parser.h"

namespace {

using ringcache::common::ParseResult;
using ringcache::common::ParseStatus;
using ringcache::common::Request;
using ringcache::common::TextParserLimits;

void check(bool ok) {
  if (!ok) std::abort();
}

bool inside(std::string_view in, std::string_view v) {
  if (v.empty()) return true;
  return v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size();
}

void check_views(std::string_view in, const Request& req) {
  check(inside(in, req.key) && inside(in, req.value) && inside(in, req.arg) &&
        inside(in, req.raw));
  for (std::string_view k : req.keys) check(inside(in, k) && !k.empty());
  check(req.keys.empty() || req.keys.front() == req.key);
}

void check_result(std::string_view in, const ParseResult& r, const Request& req) {
  check(r.consumed <= in.size());
  switch (r.status) {
    case ParseStatus::kNeedMore:
      check(r.consumed == 0 && r.error.empty() && !r.close && r.swallow == 0);
      break;
    case ParseStatus::kOk:
      check(r.consumed > 0 && !r.close && r.error.empty());
      check(req.raw == in.substr(0, r.consumed));
      check(r.swallow == 0 || req.too_large);
      check_views(in, req);
      break;
    case ParseStatus::kBad:
      check(r.consumed > 0);  // swallow: a meta set data block discarded after an error
      break;
  }
}

// A complete request cut short by one byte must ask for more (or close a long line).
void check_prefix(std::string_view in, const ParseResult& r, const TextParserLimits& limits) {
  if (r.status != ParseStatus::kOk) return;
  static Request scratch;
  const std::string_view cut = in.substr(0, r.consumed - 1);
  const ParseResult p = ringcache::common::parse_text_request(cut, scratch, limits);
  const bool has_newline = std::memchr(cut.data(), '\n', cut.size()) != nullptr;
  check(p.status == ParseStatus::kNeedMore || (p.close && !has_newline));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  TextParserLimits limits;
  limits.max_value = 4096;  // small, so the too-large path is reachable
  static Request req;
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    const ParseResult r = ringcache::common::parse_text_request(in, req, limits);
    check_result(in, r, req);
    check_prefix(in, r, limits);
    if (r.status == ParseStatus::kNeedMore || r.close) break;
    in.remove_prefix(r.consumed);
    in.remove_prefix(r.swallow < in.size() ? r.swallow : in.size());
  }
  return 0;
}
