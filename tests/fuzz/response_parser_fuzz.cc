// libFuzzer target for parse_response. The first byte picks what the request was; the
// rest is read the way a backend connection does (parse, skip what was consumed, parse
// again), and every step checks the contract of ParseResult and Response.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/protocol/response_parser.h"

namespace {

using ringcache::common::ParseResult;
using ringcache::common::ParseStatus;
using ringcache::common::Response;
using ringcache::common::ResponseExpect;
using ringcache::common::ResponseLimits;

constexpr int kExpects = static_cast<int>(ResponseExpect::kMeta) + 1;

void check(bool ok) {
  if (!ok) std::abort();
}

bool inside(std::string_view in, std::string_view v) {
  if (v.empty()) return true;
  return v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size();
}

void check_views(std::string_view in, const Response& resp) {
  check(inside(in, resp.raw) && inside(in, resp.text) && inside(in, resp.key) &&
        inside(in, resp.value));
  for (const auto& item : resp.items) {
    check(inside(resp.raw, item.key) && inside(resp.raw, item.value) &&
          inside(resp.raw, item.raw) && !item.key.empty());
  }
  for (const auto& stat : resp.stats) {
    check(inside(resp.raw, stat.line) && inside(resp.raw, stat.name) &&
          inside(resp.raw, stat.value));
  }
  for (char c = 'A'; c <= 'z'; ++c) {
    if (resp.meta.has(c)) check(inside(resp.raw, resp.meta.token(c)));
  }
}

void check_result(std::string_view in, const ParseResult& r, const Response& resp) {
  check(r.consumed <= in.size());
  switch (r.status) {
    case ParseStatus::kNeedMore:
      check(r.consumed == 0 && r.error.empty() && !r.close && resp.need > in.size());
      break;
    case ParseStatus::kOk:
      check(r.consumed > 0 && !r.close && r.error.empty());
      check(resp.raw == in.substr(0, r.consumed));
      check(resp.raw.size() >= 3 && resp.raw.ends_with("\r\n"));
      check_views(in, resp);
      break;
    case ParseStatus::kBad:
      check(r.consumed == in.size() && r.consumed > 0 && r.close && !r.error.empty());
      break;
  }
}

// A complete reply must parse the same on its own and ask for more when cut short.
void check_prefix(std::string_view in, const ParseResult& r, ResponseExpect expect,
                  const ResponseLimits& limits) {
  if (r.status != ParseStatus::kOk) return;
  static Response scratch;
  const std::string_view whole = in.substr(0, r.consumed);
  const ParseResult again = ringcache::common::parse_response(whole, expect, scratch, limits);
  check(again.status == ParseStatus::kOk && again.consumed == r.consumed);
  const std::string_view cut = in.substr(0, r.consumed - 1);
  const ParseResult p = ringcache::common::parse_response(cut, expect, scratch, limits);
  check(p.status == ParseStatus::kNeedMore);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto expect = static_cast<ResponseExpect>(data[0] % kExpects);
  std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  ResponseLimits limits;
  limits.max_line = 512;  // small, so the limits are reachable
  limits.max_value = 4096;
  static Response resp;
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    const ParseResult r = ringcache::common::parse_response(in, expect, resp, limits);
    check_result(in, r, resp);
    check_prefix(in, r, expect, limits);
    if (r.status != ParseStatus::kOk) break;
    in.remove_prefix(r.consumed);
  }
  return 0;
}
