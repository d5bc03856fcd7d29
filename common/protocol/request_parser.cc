#include "common/protocol/request_parser.h"

namespace ringcache::common {

namespace {
constexpr unsigned char kBinaryRequestMagic = 0x80;
}  // namespace

Protocol detect_protocol(std::string_view first) {
  return static_cast<unsigned char>(first.front()) == kBinaryRequestMagic ? Protocol::kBinary
                                                                          : Protocol::kText;
}

ParseResult parse_request(Protocol protocol, std::string_view in, Request& out,
                          const TextParserLimits& limits) {
  if (protocol != Protocol::kBinary) return parse_text_request(in, out, limits);
  out.clear();
  out.protocol = Protocol::kBinary;
  ParseResult r;
  if (in.empty()) return r;
  r.status = ParseStatus::kBad;
  r.consumed = in.size();
  r.close = true;
  return r;
}

}  // namespace ringcache::common
