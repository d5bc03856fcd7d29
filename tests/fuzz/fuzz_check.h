// Invariant checks shared by the fuzz targets: abort (so libFuzzer keeps the input) when a
// promise of a parser or of the node breaks, and the session-like walk over a byte stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "common/protocol/parse_result.h"
#include "common/protocol/request.h"

namespace ringcache::fuzz {

using common::ParseResult;
using common::ParseStatus;

inline void check(bool ok) {
  if (!ok) std::abort();
}

inline std::string_view as_view(const uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Whether `v` points into `in` (an empty view may point anywhere).
inline bool inside(std::string_view in, std::string_view v) {
  if (v.empty()) return true;
  return v.data() >= in.data() && v.data() + v.size() <= in.data() + in.size();
}

inline bool has_newline(std::string_view in) {
  return std::memchr(in.data(), '\n', in.size()) != nullptr;
}

/// The contract of a request parser's ParseResult (text, meta and binary alike).
inline void check_request_result(std::string_view in, const ParseResult& r,
                                 const common::Request& req) {
  check(r.consumed <= in.size());
  switch (r.status) {
    case ParseStatus::kNeedMore:
      check(r.consumed == 0 && r.error.empty() && !r.close && r.swallow == 0);
      break;
    case ParseStatus::kOk:
      check(r.consumed > 0 && !r.close && r.error.empty() && r.binary_status == 0);
      check(req.raw == in.substr(0, r.consumed));
      check(inside(in, req.key) && inside(in, req.value) && inside(in, req.arg));
      check(r.swallow == 0 || req.too_large);
      break;
    case ParseStatus::kBad:
      check(r.consumed > 0);  // swallow: a data block discarded after an error
      break;
  }
}

/// A complete request cut short by one byte must ask for more. A text line may instead
/// be refused as too long when no newline is left (`lines`: the parser reads lines); a
/// binary packet whose value is swallowed is not checked (its cut is still a header).
template <class Parse>
void check_cut_request(std::string_view in, const ParseResult& r, Parse parse, bool lines) {
  if (r.status != ParseStatus::kOk || (!lines && r.swallow != 0)) return;
  static common::Request scratch;
  const std::string_view cut = in.substr(0, r.consumed - 1);
  const ParseResult p = parse(cut, scratch);
  check(p.status == ParseStatus::kNeedMore || (lines && p.close && !has_newline(cut)));
}

/// Walks `in` the way a session does: parse, run `step(in, result)`, skip what was
/// consumed and swallowed, parse again; stops where a session would wait or close.
template <class Parse, class Step>
void walk_requests(std::string_view in, common::Request& req, Parse parse, Step step) {
  for (int i = 0; i < 64 && !in.empty(); ++i) {
    const ParseResult r = parse(in, req);
    check_request_result(in, r, req);
    step(in, r);
    if (r.status == ParseStatus::kNeedMore || r.close) break;
    in.remove_prefix(r.consumed);
    in.remove_prefix(r.swallow < in.size() ? r.swallow : in.size());
  }
}

}  // namespace ringcache::fuzz
