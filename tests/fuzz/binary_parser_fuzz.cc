// libFuzzer target for parse_binary_request. It walks the input the way a session does
// (parse, skip what was consumed and swallowed, parse again) and checks the contract of
// ParseResult on every step, and that a packet cut short by one byte asks for more.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/protocol/binary_format.h"
#include "common/protocol/binary_parser.h"

namespace {

using ringcache::common::Command;
using ringcache::common::ParseResult;
using ringcache::common::ParseStatus;
using ringcache::common::Request;
using ringcache::common::TextParserLimits;
namespace binary = ringcache::common::binary;

void check(bool ok) {
  if (!ok) std::abort();
}

bool inside(std::string_view in, std::string_view v) {
  if (v.empty()) return true;
  return v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size();
}

void check_result(std::string_view in, const ParseResult& r, const Request& req) {
  check(r.consumed <= in.size());
  switch (r.status) {
    case ParseStatus::kNeedMore:
      check(r.consumed == 0 && !r.close && r.swallow == 0);
      break;
    case ParseStatus::kOk:
      check(r.consumed >= binary::kHeaderSize && !r.close && r.binary_status == 0);
      check(req.raw == in.substr(0, r.consumed));
      check(inside(in, req.key) && inside(in, req.value) && inside(in, req.arg));
      check(req.key.size() <= binary::kMaxKeyLength);
      check(req.command != Command::kNone);
      check(r.swallow == 0 || req.too_large);
      break;
    case ParseStatus::kBad:
      check(r.consumed > 0);
      // Every refusal but a bad magic byte answers with a status and its text.
      check((r.binary_status == 0) == r.error.empty());
      check(r.binary_status != 0 || r.close);
      break;
  }
}

void check_prefix(std::string_view in, const ParseResult& r, const TextParserLimits& limits) {
  if (r.status != ParseStatus::kOk || r.swallow != 0) return;
  static Request scratch;
  const ParseResult p =
      ringcache::common::parse_binary_request(in.substr(0, r.consumed - 1), scratch, limits);
  check(p.status == ParseStatus::kNeedMore);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  TextParserLimits limits;
  limits.max_value = 4096;  // small, so the too-large path is reachable
  static Request req;
  for (int step = 0; step < 64 && !in.empty(); ++step) {
    const ParseResult r = ringcache::common::parse_binary_request(in, req, limits);
    check_result(in, r, req);
    check_prefix(in, r, limits);
    if (r.status == ParseStatus::kNeedMore || r.close) break;
    in.remove_prefix(r.consumed);
    in.remove_prefix(r.swallow < in.size() ? r.swallow : in.size());
  }
  return 0;
}
