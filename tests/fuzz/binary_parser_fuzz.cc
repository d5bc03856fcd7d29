// libFuzzer target for parse_binary_request. It walks the input the way a session does
// (fuzz_check.h) and checks the contract of ParseResult on every step, and that a packet
// cut short by one byte asks for more.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/binary_format.h"
#include "common/protocol/binary_parser.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace ringcache::fuzz;
using ringcache::common::Command;
using ringcache::common::Request;
using ringcache::common::TextParserLimits;
namespace binary = ringcache::common::binary;

void check_binary(const ParseResult& r, const Request& req) {
  if (r.status == ParseStatus::kOk) {
    check(r.consumed >= binary::kHeaderSize);
    check(req.key.size() <= binary::kMaxKeyLength);
    check(req.command != Command::kNone);
  } else if (r.status == ParseStatus::kBad) {
    // Every refusal but a bad magic byte answers with a status and its text.
    check((r.binary_status == 0) == r.error.empty());
    check(r.binary_status != 0 || r.close);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  TextParserLimits limits;
  limits.max_value = 4096;  // small, so the too-large path is reachable
  auto parse = [&](std::string_view in, Request& out) {
    return ringcache::common::parse_binary_request(in, out, limits);
  };
  static Request req;
  walk_requests(as_view(data, size), req, parse, [&](std::string_view in, const ParseResult& r) {
    check_binary(r, req);
    check_cut_request(in, r, parse, /*lines=*/false);
  });
  return 0;
}
