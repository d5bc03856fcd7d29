// libFuzzer target for parse_response, read the way the proxy's backend connection reads
// node replies (text and meta): bytes arrive in chunks, a parse is skipped while fewer
// bytes than the last `need` are there, and each framed reply is copied out of the read
// buffer (copy_reply). The first byte picks what the request was (its remainder modulo
// the number of expects) and the chunk size (the quotient); every step checks the
// contract of ParseResult and Response, that chunked reading frames exactly what a
// one-shot parse frames (an overestimated `need` would stall the connection), and that
// the copy's views show the same bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/response_parser.h"
#include "proxy/backend/reply_copy.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace ringcache::fuzz;
using ringcache::common::Response;
using ringcache::common::ResponseExpect;
using ringcache::common::ResponseLimits;
using ringcache::proxy::BackendResult;

constexpr int kExpects = static_cast<int>(ResponseExpect::kMeta) + 1;

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

// The proxy forwards the copy: every view must show the same bytes, inside the copy.
void check_copy(const Response& parsed) {
  static BackendResult out;
  ringcache::proxy::copy_reply(parsed, out);
  const Response& c = out.response;
  check(out.bytes == parsed.raw && c.raw.data() == out.bytes.data());
  check(c.items.size() == parsed.items.size() && c.stats.size() == parsed.stats.size());
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    check(c.items[i].key == parsed.items[i].key && c.items[i].value == parsed.items[i].value);
    check(inside(out.bytes, c.items[i].raw) && c.items[i].raw == parsed.items[i].raw);
  }
  for (std::size_t i = 0; i < c.stats.size(); ++i) {
    check(c.stats[i].line == parsed.stats[i].line && inside(out.bytes, c.stats[i].line));
  }
  check(c.text == parsed.text && c.key == parsed.key && c.value == parsed.value);
  check(inside(out.bytes, c.text) && inside(out.bytes, c.key) && inside(out.bytes, c.value));
}

// A complete reply must parse the same on its own and ask for more when cut short.
void check_prefix(std::string_view in, const ParseResult& r, ResponseExpect expect,
                  const ResponseLimits& limits) {
  static Response scratch;
  const std::string_view whole = in.substr(0, r.consumed);
  const ParseResult again = ringcache::common::parse_response(whole, expect, scratch, limits);
  check(again.status == ParseStatus::kOk && again.consumed == r.consumed);
  const std::string_view cut = in.substr(0, r.consumed - 1);
  const ParseResult p = ringcache::common::parse_response(cut, expect, scratch, limits);
  check(p.status == ParseStatus::kNeedMore && scratch.need <= r.consumed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto expect = static_cast<ResponseExpect>(data[0] % kExpects);
  const std::size_t chunk = 1 + static_cast<std::size_t>(data[0] / kExpects) * 7;
  const std::string_view in = as_view(data + 1, size - 1);
  ResponseLimits limits;
  limits.max_line = 512;  // small, so the limits are reachable
  limits.max_value = 4096;
  static Response resp;
  static Response whole;
  std::size_t pos = 0;
  std::size_t arrived = 0;
  std::size_t need = 0;
  for (int replies = 0; replies < 64 && pos < in.size();) {
    arrived = std::min(in.size(), arrived + chunk);
    const std::string_view window = in.substr(pos, arrived - pos);
    const bool all_here = arrived == in.size();
    // What a parse of everything left says: the chunked reading must agree with it.
    if (window.size() < need) {
      if (!all_here) continue;
      const ParseResult w = ringcache::common::parse_response(window, expect, whole, limits);
      check(w.status == ParseStatus::kNeedMore);
      break;
    }
    const ParseResult r = ringcache::common::parse_response(window, expect, resp, limits);
    check_result(window, r, resp);
    if (r.status == ParseStatus::kNeedMore) {
      need = resp.need;
      if (all_here) break;
      continue;
    }
    need = 0;
    if (r.status == ParseStatus::kBad) break;
    check_prefix(window, r, expect, limits);
    const ParseResult f = ringcache::common::parse_response(in.substr(pos), expect, whole, limits);
    check(f.status == ParseStatus::kOk && f.consumed == r.consumed);
    check_copy(resp);
    pos += r.consumed;
    ++replies;
  }
  return 0;
}
