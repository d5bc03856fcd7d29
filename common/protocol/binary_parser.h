// The memcached binary protocol request parser, as a pure function over bytes. It frames
// and validates packets exactly where memcached's try_read_command_binary and
// dispatch_bin_command do, so the same bytes get the same status and the same framing.
#pragma once

#include <string_view>

#include "common/protocol/parse_result.h"
#include "common/protocol/request.h"
#include "common/protocol/text_parser.h"

namespace ringcache::common {

// Parses one binary request from the front of `in` into `out` (cleared first).
// Never reads past `in`; never allocates. `limits` gives the item-size arithmetic
// (max_value, item_overhead) a stored value must fit, as for the text parser.
//
// kNeedMore until the header, extras and key are in, and for requests that carry a
// value (set add replace append prepend, SASL auth/step) until the whole body is.
// kOk fills `protocol` kBinary, `opcode` (as sent), `opaque`, `cas` and `raw`, and:
//   get getq getk getkq: kGet, `key` (= keys[0]); `return_key` for the k variants;
//   gat gatq gatk gatkq: kGat, `key`, `exptime`; touch: kTouch, `key`, `exptime`;
//   set add replace (+q): kSet/kAdd/kReplace, `key flags exptime value`;
//   append prepend (+q): kAppend/kPrepend, `key value`;
//   delete (+q): kDelete, `key`; incr decr (+q): kIncr/kDecr, `key delta initial
//     exptime` (exptime 0xffffffff: do not create a missing counter);
//   flush (+q): kFlushAll, `exptime` = delay; noop: kNoop; version: kVersion;
//   quit (+q): kQuit; stat: kStats, `arg` = the key (group); SASL: kSaslListMechs,
//   kSaslAuth, kSaslStep with `key` = mechanism and `value` = data.
// Quiet opcodes set `noreply`. A value too large for `limits` gives kOk with
// `too_large` and `swallow` = its length (consumed then covers header, extras, key).
// Only set/add/replace/incr/get/delete/flush consume the whole body; for stat, touch
// and gat memcached reads header, extras and key only, and so does this parser.
//
// kBad: send an error packet with `binary_status` and body `error` (the request's
// opcode and opaque are in `out`), skip `consumed` (+ `swallow`) bytes, then close if
// `close`. A bad magic byte closes without a reply (binary_status 0).
ParseResult parse_binary_request(std::string_view in, Request& out,
                                 const TextParserLimits& limits = {});

}  // namespace ringcache::common
