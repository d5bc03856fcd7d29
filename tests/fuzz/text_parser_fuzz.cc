// libFuzzer target for parse_text_request. It walks the input the way a session does
// (fuzz_check.h) and checks the contract of ParseResult on every step.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/text_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace ringcache::fuzz;
using ringcache::common::Request;
using ringcache::common::TextParserLimits;

void check_keys(std::string_view in, const Request& req) {
  check(inside(in, req.raw));
  for (std::string_view k : req.keys) check(inside(in, k) && !k.empty());
  check(req.keys.empty() || req.keys.front() == req.key);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  TextParserLimits limits;
  limits.max_value = 4096;  // small, so the too-large path is reachable
  auto parse = [&](std::string_view in, Request& out) {
    return ringcache::common::parse_text_request(in, out, limits);
  };
  static Request req;
  walk_requests(as_view(data, size), req, parse, [&](std::string_view in, const ParseResult& r) {
    if (r.status == ParseStatus::kOk) check_keys(in, req);
    check_cut_request(in, r, parse, /*lines=*/true);
  });
  return 0;
}
