// The memcached meta protocol (mg ms md ma mn me) as a pure parser, matching 1.6.18.
//
// kOk fills `command` (kMeta*), `protocol` = kMeta, `key`, `raw` and `meta` (every flag
// with the text after its letter), plus for convenience the numbers it validated:
// ms: `value`, `flags` (F), `exptime` (T), `cas` (C), or `too_large` + swallow;
// mg: `exptime` (T); ma: `delta` (D, default 1), `initial` (J), `exptime` (T);
// md: `exptime` (T), `cas` (C). The mode letter of M is meta.token('M').
// Left to the executor: base64 keys (flag b: decode `key`, answer
// "CLIENT_ERROR error decoding key"), q semantics, and everything depending on data.
// `noreply` stays false: q only hides some replies, which only the executor knows.
// kBad: `error` is memcached's reply; for ms, `swallow` covers the data block when
// memcached discards it after the error.
#pragma once

#include <string_view>

#include "common/protocol/parse_result.h"
#include "common/protocol/request.h"
#include "common/protocol/text_parser.h"
#include "common/protocol/text_tokenizer.h"

namespace ringcache::common {

/// Parses one meta request from the front of `in` into `out` (cleared first).
ParseResult parse_meta_request(std::string_view in, Request& out,
                               const TextParserLimits& limits = {});

/// The same for a line already framed and tokenised by the text parser, whose first
/// token is a two-letter command starting with 'm'. `out` must be cleared.
ParseResult parse_meta_tokens(std::string_view in, const text::Line& line,
                              const text::Tokens& tokens, Request& out,
                              const TextParserLimits& limits);

}  // namespace ringcache::common
