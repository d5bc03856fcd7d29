// Node replies byte for byte. Unless marked otherwise, every reply below was captured
// from memcached 1.6.18 answering the request named in the test.
#include "common/protocol/response_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace ringcache::common {
namespace {

using namespace std::literals;
using E = ResponseExpect;

ParseResult parse(std::string_view in, E expect, Response& out, const ResponseLimits& l = {}) {
  return parse_response(in, expect, out, l);
}

// Parses one complete reply and checks that it is taken whole.
Response parse_whole(std::string_view in, E expect) {
  Response out;
  const ParseResult r = parse(in, expect, out);
  EXPECT_EQ(r.status, ParseStatus::kOk) << in;
  EXPECT_EQ(r.consumed, in.size()) << in;
  EXPECT_EQ(out.raw, in);
  return out;
}

void expect_bad(std::string_view in, E expect, std::string_view error,
                const ResponseLimits& limits = {}) {
  Response out;
  const ParseResult r = parse(in, expect, out, limits);
  EXPECT_EQ(r.status, ParseStatus::kBad) << in;
  EXPECT_EQ(r.error, error) << in;
  EXPECT_TRUE(r.close);
  EXPECT_EQ(r.consumed, in.size());
}

constexpr std::string_view kUnexpected = "SERVER_ERROR unexpected backend reply";
constexpr std::string_view kMalformed = "SERVER_ERROR malformed backend reply";

TEST(ResponseParser, MultiGetWithEndInsideAValue) {
  // set b 0 0 9 "x\r\nEND\r\ny", then "get a b c e" (c missing, e empty).
  const auto in =
      "VALUE a 5 3\r\nabc\r\nVALUE b 0 9\r\nx\r\nEND\r\ny\r\nVALUE e 0 0\r\n\r\nEND\r\n"sv;
  const Response r = parse_whole(in, E::kValues);
  EXPECT_EQ(r.kind, ResponseKind::kValues);
  EXPECT_EQ(r.code, ReplyCode::kEnd);
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_EQ(r.items[0].key, "a");
  EXPECT_EQ(r.items[0].flags, 5u);
  EXPECT_EQ(r.items[0].value, "abc");
  EXPECT_FALSE(r.items[0].has_cas);
  EXPECT_EQ(r.items[0].raw, "VALUE a 5 3\r\nabc\r\n");
  EXPECT_EQ(r.items[1].key, "b");
  EXPECT_EQ(r.items[1].value, "x\r\nEND\r\ny");
  EXPECT_EQ(r.items[1].raw, "VALUE b 0 9\r\nx\r\nEND\r\ny\r\n");
  EXPECT_EQ(r.items[2].key, "e");
  EXPECT_EQ(r.items[2].value, "");
}

TEST(ResponseParser, GetsCarriesCas) {
  const auto in =
      "VALUE a 5 3 1\r\nabc\r\nVALUE b 0 9 2\r\nx\r\nEND\r\ny\r\nVALUE e 0 0 3\r\n\r\nEND\r\n"sv;
  const Response r = parse_whole(in, E::kValues);
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_TRUE(r.items[0].has_cas);
  EXPECT_EQ(r.items[0].cas, 1u);
  EXPECT_EQ(r.items[1].cas, 2u);
  EXPECT_EQ(r.items[2].cas, 3u);
  EXPECT_EQ(r.items[1].value, "x\r\nEND\r\ny");
}

TEST(ResponseParser, ValuesExtremes) {  // composed, within the protocol's ranges
  const auto in = "VALUE k 4294967295 4 18446744073709551615\r\na\0\r\n\r\nEND\r\n"sv;
  const Response r = parse_whole(in, E::kValues);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].flags, 4294967295u);
  EXPECT_EQ(r.items[0].cas, 18446744073709551615u);
  EXPECT_EQ(r.items[0].value, "a\0\r\n"sv);
}

TEST(ResponseParser, MissIsABareEnd) {
  const Response r = parse_whole("END\r\n", E::kValues);
  EXPECT_EQ(r.kind, ResponseKind::kValues);
  EXPECT_TRUE(r.items.empty());
}

TEST(ResponseParser, TakesOnlyTheFirstOfPipelinedReplies) {
  Response out;
  const auto in = "VALUE a 0 1\r\nx\r\nEND\r\nEND\r\nSTORED\r\n"sv;
  const ParseResult r = parse(in, E::kValues, out);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(r.consumed, 21u);
  EXPECT_EQ(out.raw, "VALUE a 0 1\r\nx\r\nEND\r\n");
  EXPECT_EQ(parse(in.substr(21), E::kValues, out).consumed, 5u);
  EXPECT_EQ(parse(in.substr(26), E::kStorage, out).consumed, 8u);
  EXPECT_EQ(out.code, ReplyCode::kStored);
}

TEST(ResponseParser, GetErrors) {
  // "get a b <251 bytes> e": memcached drops the values it had and sends only the error.
  Response r = parse_whole("CLIENT_ERROR bad command line format\r\n", E::kValues);
  EXPECT_EQ(r.kind, ResponseKind::kError);
  EXPECT_EQ(r.code, ReplyCode::kClientError);
  EXPECT_EQ(r.text, "bad command line format");
  r = parse_whole("ERROR\r\n", E::kValues);  // "get" without a key
  EXPECT_EQ(r.code, ReplyCode::kError);
  EXPECT_EQ(r.text, "");
  // Composed: a node that sends some items before failing keeps them visible.
  r = parse_whole("VALUE a 0 1\r\nx\r\nSERVER_ERROR out of memory writing get response\r\n",
                  E::kValues);
  EXPECT_EQ(r.kind, ResponseKind::kError);
  EXPECT_EQ(r.code, ReplyCode::kServerError);
  EXPECT_EQ(r.text, "out of memory writing get response");
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].value, "x");
}

TEST(ResponseParser, StorageReplies) {
  EXPECT_EQ(parse_whole("STORED\r\n", E::kStorage).code, ReplyCode::kStored);
  EXPECT_EQ(parse_whole("NOT_STORED\r\n", E::kStorage).code, ReplyCode::kNotStored);  // add
  EXPECT_EQ(parse_whole("EXISTS\r\n", E::kStorage).code, ReplyCode::kExists);         // cas
  EXPECT_EQ(parse_whole("NOT_FOUND\r\n", E::kStorage).code, ReplyCode::kNotFound);    // cas
  EXPECT_EQ(parse_whole("STORED\r\n", E::kStorage).kind, ResponseKind::kStatus);
  const Response r = parse_whole("SERVER_ERROR object too large for cache\r\n", E::kStorage);
  EXPECT_EQ(r.kind, ResponseKind::kError);
  EXPECT_EQ(r.text, "object too large for cache");
  // "set x 0 0 2\r\nabcd\r\n": two replies, taken one at a time.
  Response out;
  const auto two = "CLIENT_ERROR bad data chunk\r\nERROR\r\n"sv;
  ParseResult p = parse(two, E::kStorage, out);
  EXPECT_EQ(p.consumed, 29u);
  EXPECT_EQ(out.text, "bad data chunk");
  p = parse(two.substr(29), E::kStorage, out);
  EXPECT_EQ(p.status, ParseStatus::kOk);
  EXPECT_EQ(out.code, ReplyCode::kError);
}

TEST(ResponseParser, DeleteTouchFlushVerbosityVersion) {
  EXPECT_EQ(parse_whole("DELETED\r\n", E::kDelete).code, ReplyCode::kDeleted);
  EXPECT_EQ(parse_whole("NOT_FOUND\r\n", E::kDelete).code, ReplyCode::kNotFound);
  EXPECT_EQ(parse_whole("TOUCHED\r\n", E::kTouch).code, ReplyCode::kTouched);
  EXPECT_EQ(parse_whole("NOT_FOUND\r\n", E::kTouch).code, ReplyCode::kNotFound);
  EXPECT_EQ(parse_whole("OK\r\n", E::kFlushAll).code, ReplyCode::kOk);
  EXPECT_EQ(parse_whole("OK\r\n", E::kVerbosity).code, ReplyCode::kOk);
  EXPECT_EQ(parse_whole("CLIENT_ERROR invalid exptime argument\r\n", E::kFlushAll).code,
            ReplyCode::kClientError);
  const Response v = parse_whole("VERSION 1.6.18\r\n", E::kVersion);
  EXPECT_EQ(v.kind, ResponseKind::kVersion);
  EXPECT_EQ(v.text, "1.6.18");
}

TEST(ResponseParser, ArithReplies) {
  Response r = parse_whole("15\r\n", E::kArith);
  EXPECT_EQ(r.kind, ResponseKind::kNumber);
  EXPECT_EQ(r.number, 15u);
  EXPECT_EQ(parse_whole("0\r\n", E::kArith).number, 0u);  // decr floors at 0; incr wraps
  EXPECT_EQ(parse_whole("18446744073709551615\r\n", E::kArith).number, UINT64_MAX);
  EXPECT_EQ(parse_whole("NOT_FOUND\r\n", E::kArith).code, ReplyCode::kNotFound);
  r = parse_whole("CLIENT_ERROR cannot increment or decrement non-numeric value\r\n", E::kArith);
  EXPECT_EQ(r.text, "cannot increment or decrement non-numeric value");
  expect_bad("18446744073709551616\r\n", E::kArith, kMalformed);
  expect_bad("15 \r\n", E::kArith, kMalformed);
  expect_bad("-1\r\n", E::kArith, kUnexpected);
}

TEST(ResponseParser, Stats) {
  Response r = parse_whole(
      "STAT maxbytes 67108864\r\nSTAT inter 127.0.0.1\r\nSTAT domain_socket NULL\r\n"
      "STAT growth_factor 1.25\r\nEND\r\n",
      E::kStats);
  EXPECT_EQ(r.kind, ResponseKind::kStats);
  ASSERT_EQ(r.stats.size(), 4u);
  EXPECT_EQ(r.stats[0].name, "maxbytes");
  EXPECT_EQ(r.stats[0].value, "67108864");
  EXPECT_EQ(r.stats[0].line, "STAT maxbytes 67108864");
  EXPECT_EQ(r.stats[3].value, "1.25");
  r = parse_whole("STAT 22:addr tcp:127.0.0.1:59149\r\nSTAT 22:state conn_listening\r\nEND\r\n",
                  E::kStats);  // stats conns
  EXPECT_EQ(r.stats[0].name, "22:addr");
  EXPECT_EQ(r.stats[0].value, "tcp:127.0.0.1:59149");
  r = parse_whole("ITEM b [9 b; 0 s]\r\nITEM e [0 b; 0 s]\r\nEND\r\n", E::kStats);  // cachedump
  ASSERT_EQ(r.stats.size(), 2u);
  EXPECT_EQ(r.stats[1].line, "ITEM e [0 b; 0 s]");
  EXPECT_EQ(r.stats[1].name, "");
  r = parse_whole("PREFIX foo get 1 hit 0 set 0 del 0\r\nEND\r\n", E::kStats);  // detail dump
  EXPECT_EQ(r.stats[0].line, "PREFIX foo get 1 hit 0 set 0 del 0");
  EXPECT_TRUE(parse_whole("END\r\n", E::kStats).stats.empty());  // detail dump, nothing
  EXPECT_EQ(parse_whole("STAT sizes_status disabled\r\nEND\r\n", E::kStats).stats[0].value,
            "disabled");
  EXPECT_EQ(parse_whole("RESET\r\n", E::kStats).code, ReplyCode::kReset);     // stats reset
  EXPECT_EQ(parse_whole("OK\r\n", E::kStats).code, ReplyCode::kOk);           // stats detail on
  EXPECT_EQ(parse_whole("ERROR\r\n", E::kStats).kind, ResponseKind::kError);  // stats bogus
  expect_bad("STAT a 1\r\nOK\r\n", E::kStats, kUnexpected);
  expect_bad("STAT a 1\r\n\r\nEND\r\n", E::kStats, kUnexpected);
  expect_bad("STAT \r\nEND\r\n", E::kStats, kMalformed);
}

TEST(ResponseParser, MetaGet) {
  // "mg q v f c t s k"
  Response r = parse_whole("VA 3 f0 c7 t-1 s3 kq\r\nabc\r\n", E::kMetaGet);
  EXPECT_EQ(r.kind, ResponseKind::kMeta);
  EXPECT_EQ(r.code, ReplyCode::kMetaVa);
  EXPECT_TRUE(r.has_value);
  EXPECT_EQ(r.value, "abc");
  EXPECT_EQ(r.meta.token('f'), "0");
  EXPECT_EQ(r.meta.token('c'), "7");
  EXPECT_EQ(r.meta.token('t'), "-1");
  EXPECT_EQ(r.meta.token('s'), "3");
  EXPECT_EQ(r.meta.token('k'), "q");
  EXPECT_FALSE(r.meta.has('O'));
  r = parse_whole("HD kq O123\r\n", E::kMetaGet);  // "mg q k O123"
  EXPECT_EQ(r.code, ReplyCode::kMetaHd);
  EXPECT_FALSE(r.has_value);
  EXPECT_EQ(r.meta.token('O'), "123");
  r = parse_whole("EN knosuch O9\r\n", E::kMetaGet);  // "mg nosuch k O9"
  EXPECT_EQ(r.code, ReplyCode::kMetaEn);
  EXPECT_EQ(r.meta.token('k'), "nosuch");
  EXPECT_EQ(parse_whole("EN\r\n", E::kMetaGet).code, ReplyCode::kMetaEn);
  EXPECT_EQ(parse_whole("HD\r\n", E::kMetaGet).meta.present, 0u);
  EXPECT_EQ(parse_whole("VA 1 c4\r\nz\r\n", E::kMetaGet).value, "z");
  EXPECT_EQ(parse_whole("VA 3 s3 ka\r\nabc\r\n", E::kMetaGet).meta.token('k'), "a");
  EXPECT_EQ(parse_whole("CLIENT_ERROR invalid flag\r\n", E::kMetaGet).text, "invalid flag");
  EXPECT_EQ(parse_whole("CLIENT_ERROR error decoding key\r\n", E::kMetaGet).code,
            ReplyCode::kClientError);
}

TEST(ResponseParser, MetaOthers) {
  EXPECT_EQ(parse_whole("HD\r\n", E::kMetaSet).code, ReplyCode::kMetaHd);
  EXPECT_EQ(parse_whole("NS\r\n", E::kMetaSet).code, ReplyCode::kMetaNs);  // ms MR, missing
  EXPECT_EQ(parse_whole("EX\r\n", E::kMetaSet).code, ReplyCode::kMetaEx);  // ms C1
  EXPECT_EQ(parse_whole("NF\r\n", E::kMetaDelete).code, ReplyCode::kMetaNf);
  EXPECT_EQ(parse_whole("HD\r\n", E::kMetaDelete).code, ReplyCode::kMetaHd);
  EXPECT_EQ(parse_whole("MN\r\n", E::kMetaNoop).code, ReplyCode::kMetaMn);
  EXPECT_EQ(parse_whole("HD\r\n", E::kMetaArith).code, ReplyCode::kMetaHd);  // "ma c"
  EXPECT_EQ(parse_whole("VA 2\r\n13\r\n", E::kMetaArith).value, "13");       // "ma zz N0 J13 v"
  EXPECT_EQ(parse_whole("NF\r\n", E::kMetaArith).code, ReplyCode::kMetaNf);
  const Response me =
      parse_whole("ME c exp=-1 la=1 cas=15 fetch=no cls=1 size=61\r\n", E::kMetaDebug);
  EXPECT_EQ(me.code, ReplyCode::kMetaMe);
  EXPECT_EQ(me.key, "c");
  EXPECT_EQ(me.text, "exp=-1 la=1 cas=15 fetch=no cls=1 size=61");
  EXPECT_EQ(parse_whole("EN\r\n", E::kMetaDebug).code, ReplyCode::kMetaEn);  // "me nosuch"
  EXPECT_EQ(parse_whole("SERVER_ERROR object too large for cache\r\n", E::kMetaSet).code,
            ReplyCode::kServerError);
  // A quiet pipeline ("mg k q v\r\nmn\r\n") may answer with either reply first.
  EXPECT_EQ(parse_whole("MN\r\n", E::kMeta).code, ReplyCode::kMetaMn);
  EXPECT_EQ(parse_whole("VA 1\r\nz\r\n", E::kMeta).value, "z");
}

TEST(ResponseParser, RepliesThatDoNotFitTheRequest) {
  expect_bad("STORED\r\n", E::kDelete, kUnexpected);
  expect_bad("15\r\n", E::kStorage, kUnexpected);
  expect_bad("VALUE a 0 1\r\nx\r\nEND\r\n", E::kStorage, kUnexpected);
  expect_bad("STORED\r\n", E::kValues, kUnexpected);
  expect_bad("HD\r\n", E::kValues, kUnexpected);
  expect_bad("END\r\n", E::kMetaGet, kUnexpected);
  expect_bad("MN\r\n", E::kMetaGet, kUnexpected);
  expect_bad("VA 1\r\nx\r\n", E::kMetaSet, kUnexpected);
  expect_bad("OK\r\n", E::kVersion, kUnexpected);
  expect_bad("RESET\r\n", E::kFlushAll, kUnexpected);
  expect_bad("DELETED\r\n", E::kMeta, kUnexpected);
  expect_bad("VALUE a 0 1\r\nx\r\nSTORED\r\n", E::kValues, kUnexpected);
  expect_bad("stored\r\n", E::kStorage, kUnexpected);
  expect_bad("\r\n", E::kStorage, kUnexpected);
}

TEST(ResponseParser, MalformedLines) {
  expect_bad("STORED\n", E::kStorage, kMalformed);  // every memcached line ends in \r\n
  expect_bad("\n", E::kStorage, kMalformed);
  expect_bad("STORED extra\r\n", E::kStorage, kMalformed);
  expect_bad("END \r\n", E::kValues, kUnexpected);
  expect_bad("VALUE a x 3\r\nabc\r\nEND\r\n", E::kValues, kMalformed);
  expect_bad("VALUE a 4294967296 3\r\nabc\r\nEND\r\n", E::kValues, kMalformed);
  expect_bad("VALUE a 0 -3\r\n", E::kValues, kMalformed);
  expect_bad("VALUE a 0 3 1 2\r\nabc\r\nEND\r\n", E::kValues, kMalformed);
  expect_bad("VALUE a 0 3 x\r\nabc\r\nEND\r\n", E::kValues, kMalformed);
  expect_bad("VALUE a 0\r\n", E::kValues, kMalformed);
  expect_bad("VALUE\r\n", E::kValues, kMalformed);
  expect_bad("VALUE a 0 3\r\nabcd\r\nEND\r\n", E::kValues, kMalformed);  // longer than said
  expect_bad("VALUE a 0 3\r\nab\r\nEND\r\n", E::kValues, kMalformed);    // shorter than said
  expect_bad("VALUE a 0 3\r\nabc\n\nEND\r\n", E::kValues, kMalformed);
  expect_bad("VA x\r\n", E::kMetaGet, kMalformed);
  expect_bad("VA\r\n", E::kMetaGet, kMalformed);
  expect_bad("VA 1 f0\r\nxy\r\n", E::kMetaGet, kMalformed);
  expect_bad("HD 1\r\n", E::kMetaGet, kMalformed);  // a flag is a letter
  expect_bad("HD =x\r\n", E::kMetaGet, kMalformed);
  expect_bad("ME\r\n", E::kMetaDebug, kMalformed);
}

TEST(ResponseParser, BoundedLinesAndValues) {
  const ResponseLimits limits;  // max_line 8192
  Response out;
  // An endless line: more bytes than a line may have and still no '\n'.
  const std::string endless(limits.max_line + 2, 'x');
  expect_bad(endless, E::kStorage, "SERVER_ERROR backend reply line too long");
  expect_bad("VALUE a 0 1\r\nx\r\n" + endless, E::kValues,
             "SERVER_ERROR backend reply line too long");
  EXPECT_EQ(parse(endless.substr(1), E::kStorage, out).status, ParseStatus::kNeedMore);
  // The longest line allowed is fine; one byte more is not.
  const std::string longest = "SERVER_ERROR " + std::string(limits.max_line - 13, 'm');
  EXPECT_EQ(parse_whole(longest + "\r\n", E::kStorage).text.size(), limits.max_line - 13);
  expect_bad(longest + "m\r\n", E::kStorage, "SERVER_ERROR backend reply line too long");
  // Absurd lengths are refused as soon as the header line is there.
  const auto too_large = "SERVER_ERROR backend value too large"sv;
  expect_bad("VALUE a 0 1073741825\r\n", E::kValues, too_large);
  expect_bad("VALUE a 0 99999999999999999999\r\n", E::kValues, kMalformed);
  expect_bad("VA 1073741825\r\n", E::kMetaGet, too_large);
  ResponseLimits small;
  small.max_value = 10;
  EXPECT_EQ(parse("VALUE a 0 10\r\n0123456789\r\nEND\r\n", E::kValues, out, small).status,
            ParseStatus::kOk);
  expect_bad("VALUE a 0 11\r\n", E::kValues, too_large, small);
  expect_bad("VA 11 s11\r\n", E::kMetaGet, too_large, small);
  EXPECT_EQ(parse("VALUE a 0 1073741824\r\n", E::kValues, out).status, ParseStatus::kNeedMore);
}

TEST(ResponseParser, NeedTellsHowLongToWait) {
  Response out;
  const std::string head = "VALUE a 0 100000\r\n";
  std::string in = head + std::string(5000, 'v');
  ParseResult r = parse(in, E::kValues, out);
  EXPECT_EQ(r.status, ParseStatus::kNeedMore);
  EXPECT_EQ(r.consumed, 0u);
  EXPECT_EQ(out.need, head.size() + 100002);
  EXPECT_TRUE(out.items.empty());
  in += std::string(95000, 'v') + "\r\n";
  r = parse(in, E::kValues, out);
  EXPECT_EQ(r.status, ParseStatus::kNeedMore);
  EXPECT_EQ(out.need, in.size() + 1);  // the data block is in; END is not
  in += "END\r\n";
  r = parse(in, E::kValues, out);
  EXPECT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(out.items[0].value.size(), 100000u);
  EXPECT_EQ(out.need, 0u);
}

TEST(ResponseParser, EmptyInputNeedsMore) {
  Response out;
  for (E e : {E::kValues, E::kStats, E::kStorage, E::kMetaGet}) {
    const ParseResult r = parse({}, e, out);
    EXPECT_EQ(r.status, ParseStatus::kNeedMore);
    EXPECT_EQ(r.consumed, 0u);
    EXPECT_EQ(out.need, 1u);
  }
}

TEST(ResponseParser, ReusedResponseForgetsThePreviousReply) {
  Response out;
  parse("VALUE a 0 1\r\nx\r\nEND\r\n", E::kValues, out);
  parse("VA 1 kq\r\nx\r\n", E::kMetaGet, out);
  ASSERT_EQ(parse("END\r\n", E::kValues, out).status, ParseStatus::kOk);
  EXPECT_TRUE(out.items.empty());
  EXPECT_FALSE(out.has_value);
  EXPECT_EQ(out.meta.present, 0u);
}

TEST(ResponseExpectFor, EveryProxiedCommand) {
  EXPECT_EQ(expect_for(Command::kGet), E::kValues);
  EXPECT_EQ(expect_for(Command::kGats), E::kValues);
  EXPECT_EQ(expect_for(Command::kCas), E::kStorage);
  EXPECT_EQ(expect_for(Command::kPrepend), E::kStorage);
  EXPECT_EQ(expect_for(Command::kDelete), E::kDelete);
  EXPECT_EQ(expect_for(Command::kDecr), E::kArith);
  EXPECT_EQ(expect_for(Command::kTouch), E::kTouch);
  EXPECT_EQ(expect_for(Command::kStats), E::kStats);
  EXPECT_EQ(expect_for(Command::kVersion), E::kVersion);
  EXPECT_EQ(expect_for(Command::kFlushAll), E::kFlushAll);
  EXPECT_EQ(expect_for(Command::kVerbosity), E::kVerbosity);
  EXPECT_EQ(expect_for(Command::kMetaGet), E::kMetaGet);
  EXPECT_EQ(expect_for(Command::kMetaArithmetic), E::kMetaArith);
  EXPECT_EQ(expect_for(Command::kMetaDebug), E::kMetaDebug);
  EXPECT_EQ(expect_for(Command::kQuit), std::nullopt);
  EXPECT_EQ(expect_for(Command::kShutdown), std::nullopt);
  EXPECT_EQ(expect_for(Command::kSaslAuth), std::nullopt);
}

}  // namespace
}  // namespace ringcache::common
