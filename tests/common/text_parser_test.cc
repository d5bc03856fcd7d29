// Byte-level tests of the text parser. Every expectation below was checked against
// memcached 1.6.18 on loopback (the reply it sends and what it reads next).
#include "common/protocol/text_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace ringcache::common {
namespace {

using namespace std::literals;

struct Parsed {
  ParseResult result;
  Request req;
};

Parsed parse(std::string_view in, const TextParserLimits& limits = {}) {
  Parsed p;
  p.result = parse_text_request(in, p.req, limits);
  return p;
}

// Expects a kBad with this reply line that consumes `consumed` bytes.
void expect_bad(std::string_view in, std::string_view error, std::size_t consumed) {
  SCOPED_TRACE(std::string(in.substr(0, 80)));
  Parsed p = parse(in);
  EXPECT_EQ(p.result.status, ParseStatus::kBad);
  EXPECT_EQ(p.result.error, error);
  EXPECT_EQ(p.result.consumed, consumed);
  EXPECT_FALSE(p.result.close);
  EXPECT_EQ(p.result.swallow, 0u);
}

// Expects the whole line to be refused with this reply.
void expect_bad_line(std::string_view line, std::string_view error) {
  expect_bad(line, error, line.size());
}

Parsed expect_ok(std::string_view in, std::size_t consumed) {
  SCOPED_TRACE(std::string(in.substr(0, 80)));
  Parsed p = parse(in);
  EXPECT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_EQ(p.result.consumed, consumed);
  EXPECT_EQ(p.req.raw, in.substr(0, consumed));
  return p;
}

constexpr std::string_view kBadFormat = "CLIENT_ERROR bad command line format";

// ---------------------------------------------------------------- framing

TEST(TextParserFraming, EmptyInputNeedsMore) {
  Parsed p = parse("");
  EXPECT_EQ(p.result.status, ParseStatus::kNeedMore);
  EXPECT_EQ(p.result.consumed, 0u);
}

TEST(TextParserFraming, EmptyAndShortLinesAreErrors) {
  expect_bad_line("\r\n", "ERROR");
  expect_bad_line("\n", "ERROR");
  expect_bad_line("\r\r\n", "ERROR");
  expect_bad_line("   \r\n", "ERROR");
  expect_bad_line("a\r\n", "ERROR");
  expect_bad_line("x HTTP/1.1\r\n", "ERROR");  // one-letter command: no HTTP check
}

TEST(TextParserFraming, BareNewlineEndsALine) {
  Parsed p = expect_ok("get a\nget b\n", 6);
  EXPECT_EQ(p.req.key, "a");
}

TEST(TextParserFraming, SpacesAreCollapsedButTabsBelongToTokens) {
  Parsed p = expect_ok("   get   a  \t b   \r\n", 20);
  EXPECT_EQ(p.req.keys, (std::vector<std::string_view>{"a", "\t", "b"}));
}

TEST(TextParserFraming, LineStopsAtNulByte) {
  std::string in = "get a\0b c\r\n"s;
  Parsed p = expect_ok(in, in.size());
  ASSERT_EQ(p.req.keys.size(), 1u);
  EXPECT_EQ(p.req.key, "a");
  expect_bad_line("\0version\r\n"s, "ERROR");
  EXPECT_EQ(parse("version\0junk\r\n"s).req.command, Command::kVersion);
}

TEST(TextParserFraming, UnknownCommandsAreErrorsAndCaseMatters) {
  expect_bad_line("VERSION\r\n", "ERROR");
  expect_bad_line("gett a\r\n", "ERROR");
  expect_bad_line("sxx HTTP/1.1\r\n", "ERROR");
  expect_bad_line("mx\r\n", "ERROR");
  expect_bad_line("mx HTTP/1.1\r\n", "ERROR");
  expect_bad_line("cache_memlimit 100\r\n", "ERROR");
}

TEST(TextParserFraming, HttpRequestLineCloses) {
  for (std::string_view in : {"GET / HTTP/1.1\r\n", "HTTP/1.0\r\n", "rxx HTTP/1.1\r\n",
                              "mxx HTTP/1.1\r\n"}) {
    Parsed p = parse(in);
    EXPECT_EQ(p.result.status, ParseStatus::kBad) << in;
    EXPECT_TRUE(p.result.close) << in;
    EXPECT_TRUE(p.result.error.empty()) << in;
  }
  // memcached looks only at the last of its first 23 tokens.
  std::string many = "xyz HTTP/1.1";
  for (int i = 0; i < 30; ++i) many += " a";
  expect_bad_line(many + "\r\n", "ERROR");
}

TEST(TextParserFraming, UnterminatedLongLineCloses) {
  std::string in = "set " + std::string(2044, 'k');  // 2048 bytes: still waiting
  EXPECT_EQ(parse(in).result.status, ParseStatus::kNeedMore);
  in += "k";
  Parsed p = parse(in);
  EXPECT_EQ(p.result.status, ParseStatus::kBad);
  EXPECT_TRUE(p.result.close);
  EXPECT_TRUE(p.result.error.empty());
  EXPECT_TRUE(parse("gat 0 " + std::string(3000, 'k')).result.close);
  EXPECT_TRUE(parse("get\t" + std::string(3000, 'k')).result.close);
}

TEST(TextParserFraming, UnterminatedLongGetLineWaitsUpToItsLimit) {
  std::string keys;
  while (keys.size() < 5000) keys += " key" + std::to_string(keys.size());
  EXPECT_EQ(parse("get" + keys).result.status, ParseStatus::kNeedMore);
  EXPECT_EQ(parse("gets" + keys).result.status, ParseStatus::kNeedMore);
  EXPECT_EQ(parse(std::string(100, ' ') + "get" + keys).result.status, ParseStatus::kNeedMore);
  EXPECT_TRUE(parse(std::string(101, ' ') + "get" + keys).result.close);
  TextParserLimits small;
  small.max_get_line = 4096;
  EXPECT_TRUE(parse("get" + keys, small).result.close);
}

// ---------------------------------------------------------------- retrieval

TEST(TextParserRetrieval, GetFamily) {
  Parsed p = expect_ok("get foo\r\n", 9);
  EXPECT_EQ(p.req.command, Command::kGet);
  EXPECT_EQ(p.req.protocol, Protocol::kText);
  EXPECT_EQ(p.req.key, "foo");
  ASSERT_EQ(p.req.keys.size(), 1u);

  p = expect_ok("gets a b a\r\n", 12);
  EXPECT_EQ(p.req.command, Command::kGets);
  EXPECT_EQ(p.req.keys, (std::vector<std::string_view>{"a", "b", "a"}));

  p = expect_ok("gets a noreply\r\n", 16);  // no noreply for gets: just a key
  EXPECT_FALSE(p.req.noreply);
  EXPECT_EQ(p.req.keys.size(), 2u);

  p = expect_ok("bget a\r\n", 8);
  EXPECT_EQ(p.req.command, Command::kGet);
}

TEST(TextParserRetrieval, GatTakesExptimeFirst) {
  Parsed p = expect_ok("gat 10 a b\r\n", 12);
  EXPECT_EQ(p.req.command, Command::kGat);
  EXPECT_EQ(p.req.exptime, 10);
  EXPECT_EQ(p.req.keys, (std::vector<std::string_view>{"a", "b"}));
  p = expect_ok("gats -1 a\r\n", 11);
  EXPECT_EQ(p.req.command, Command::kGats);
  EXPECT_EQ(p.req.exptime, -1);
  // memcached answers a gat without keys with a bare END.
  p = expect_ok("gat 10\r\n", 8);
  EXPECT_TRUE(p.req.keys.empty());
  EXPECT_TRUE(p.req.key.empty());
  expect_bad_line("gat abc a\r\n", "CLIENT_ERROR invalid exptime argument");
}

TEST(TextParserRetrieval, MissingKeyIsError) {
  for (std::string_view in : {"get\r\n", "get \r\n", "gets\r\n", "gat\r\n", "gats\r\n"}) {
    expect_bad_line(in, "ERROR");
  }
}

TEST(TextParserRetrieval, KeyLengthLimit) {
  const std::string k250(250, 'k');
  const std::string ok_in = "get " + k250 + "\r\n";  // views point into it
  Parsed p = expect_ok(ok_in, ok_in.size());
  EXPECT_EQ(p.req.key.size(), 250u);
  expect_bad_line("get " + k250 + "k\r\n", kBadFormat);
  expect_bad_line("get a " + k250 + "k a\r\n", kBadFormat);
}

TEST(TextParserRetrieval, HundredsOfKeysPastTheTokenWindow) {
  std::string line = "get";
  for (int i = 0; i < 500; ++i) line += "  key" + std::to_string(i);
  line += "  \r\n";
  Parsed p = expect_ok(line, line.size());
  ASSERT_EQ(p.req.keys.size(), 500u);
  EXPECT_EQ(p.req.keys[0], "key0");
  EXPECT_EQ(p.req.keys[21], "key21");
  EXPECT_EQ(p.req.keys[22], "key22");
  EXPECT_EQ(p.req.keys[499], "key499");
}

// ---------------------------------------------------------------- storage

TEST(TextParserStorage, EveryStorageCommand) {
  struct Case {
    std::string_view name;
    Command command;
  };
  for (Case c : {Case{"set", Command::kSet}, Case{"add", Command::kAdd},
                 Case{"replace", Command::kReplace}, Case{"append", Command::kAppend},
                 Case{"prepend", Command::kPrepend}}) {
    std::string in = std::string(c.name) + " k 5 100 3\r\nabc\r\nget k\r\n";
    Parsed p = expect_ok(in, in.size() - 7);
    EXPECT_EQ(p.req.command, c.command);
    EXPECT_EQ(p.req.key, "k");
    EXPECT_EQ(p.req.flags, 5u);
    EXPECT_EQ(p.req.exptime, 100);
    EXPECT_EQ(p.req.value, "abc");
    EXPECT_FALSE(p.req.noreply);
    EXPECT_FALSE(p.req.too_large);
  }
}

TEST(TextParserStorage, CasAndNoreply) {
  Parsed p = expect_ok("cas k 0 0 1 18446744073709551615\r\nx\r\n", 37);
  EXPECT_EQ(p.req.command, Command::kCas);
  EXPECT_EQ(p.req.cas, 18446744073709551615u);
  p = expect_ok("cas k 0 0 1 5 noreply\r\nx\r\n", 26);
  EXPECT_EQ(p.req.cas, 5u);
  EXPECT_TRUE(p.req.noreply);
  p = expect_ok("set k 0 0 1 noreply\r\nx\r\n", 24);
  EXPECT_TRUE(p.req.noreply);
  // A seventh token that is not noreply is ignored, as memcached does.
  p = expect_ok("set k 0 0 1 2\r\nx\r\n", 18);
  EXPECT_FALSE(p.req.noreply);
  p = expect_ok("cas k 0 0 1 5 6\r\nx\r\n", 20);
  EXPECT_EQ(p.req.cas, 5u);
}

TEST(TextParserStorage, ValueMayHoldNulAndCrlf) {
  std::string in = "set k 0 0 6\r\na\0\r\nb\r\r\n"s;
  Parsed p = expect_ok(in, in.size());
  EXPECT_EQ(p.req.value, "a\0\r\nb\r"s);
  p = expect_ok("set k 0 0 0\r\n\r\n", 15);
  EXPECT_TRUE(p.req.value.empty());
  p = expect_ok("set k 0 0 1\nx\r\n", 15);
  EXPECT_EQ(p.req.value, "x");
}

TEST(TextParserStorage, WrongTokenCountIsError) {
  expect_bad_line("set a 0 0\r\n", "ERROR");
  expect_bad_line("set a 0 0 1 2 3\r\n", "ERROR");
  expect_bad_line("cas a 0 0 1\r\n", "ERROR");
  expect_bad_line("cas a 0 0 1 5 6 7\r\n", "ERROR");
  // The data line is then read as a command (the caller parses it next).
  expect_bad("set a 0 0\r\nx\r\n", "ERROR", 11);
}

TEST(TextParserStorage, BadNumbersLeaveTheDataLineToBeParsed) {
  for (std::string_view line :
       {"set a abc 0 1\r\n", "set a -1 0 1\r\n", "set a 18446744073709551616 0 1\r\n",
        "set a 0 99999999999999999999 1\r\n", "set a 0 x 1\r\n", "set a 0 0 -1\r\n",
        "set a 0 0 1x\r\n", "set a 0 0 0x1\r\n", "set a 0 0 2147483646\r\n",
        "set a 0 0 2147483648\r\n", "cas a 0 0 1 x\r\n", "cas a 0 0 1 -1\r\n",
        "set a 0 0 +\r\n"}) {
    expect_bad(std::string(line) + "x\r\n", kBadFormat, line.size());
  }
}

TEST(TextParserStorage, NumbersReadLikeStrtoul) {
  struct Case {
    std::string_view line;
    uint32_t flags;
    int64_t exptime;
    std::size_t length;
  };
  for (Case c : {Case{"set a -0 0 1\r\n", 0, 0, 1}, Case{"set a +5 0 1\r\n", 5, 0, 1},
                 Case{"set a 4294967296 0 1\r\n", 0, 0, 1},
                 Case{"set a 4294967297 0 1\r\n", 1, 0, 1},
                 Case{"set a 18446744073709551615 0 1\r\n", 4294967295u, 0, 1},
                 Case{"set a 0 9999999999 1\r\n", 0, 1410065407, 1},
                 Case{"set a 0 -1 1\r\n", 0, -1, 1}, Case{"set a 0 0 4294967297\r\n", 0, 0, 1},
                 Case{"set a 0 0 1\t\r\n", 0, 0, 1}, Case{"set a 0 0 1\tjunk\r\n", 0, 0, 1},
                 Case{"set a 0 0 \t1\r\n", 0, 0, 1}, Case{"set a 0 0 1\r\r\n", 0, 0, 1},
                 Case{"set a 0 0 01\r\n", 0, 0, 1}, Case{"set a 0 0 1\0 2\r\n"sv, 0, 0, 1}}) {
    std::string in = std::string(c.line) + std::string(c.length, 'x') + "\r\n";
    Parsed p = expect_ok(in, in.size());
    EXPECT_EQ(p.req.flags, c.flags) << c.line;
    EXPECT_EQ(p.req.exptime, c.exptime) << c.line;
    EXPECT_EQ(p.req.value.size(), c.length) << c.line;
  }
}

TEST(TextParserStorage, KeyLengthLimit) {
  const std::string k250(250, 'k');
  const std::string ok_in = "set " + k250 + " 0 0 1\r\nx\r\n";  // views point into it
  Parsed p = expect_ok(ok_in, ok_in.size());
  EXPECT_EQ(p.req.key, k250);
  const std::string line = "set " + k250 + "k 0 0 1\r\n";
  expect_bad(line + "x\r\n", kBadFormat, line.size());
  const std::string quiet = "set " + k250 + "k 0 0 1 noreply\r\n";
  expect_bad(quiet + "x\r\n", "", quiet.size());
}

TEST(TextParserStorage, BadDataChunkConsumesWhatMemcachedReads) {
  // memcached reads exactly <bytes> + 2 and then checks for "\r\n".
  expect_bad("set a 0 0 1\r\nxy\r\nget a\r\n", "CLIENT_ERROR bad data chunk", 16);
  expect_bad("set a 0 0 1\r\nx\n\nget a\r\n", "CLIENT_ERROR bad data chunk", 16);
  expect_bad("set a 0 0 1\r\nxyz\r\n", "CLIENT_ERROR bad data chunk", 16);
  expect_bad("set a 0 0 0\r\nget a\r\n", "CLIENT_ERROR bad data chunk", 15);
  expect_bad("set a 0 0 1 noreply\r\nxyz\r\n", "", 24);
}

TEST(TextParserStorage, NoreplySilencesLineErrors) {
  expect_bad("set a abc 0 1 noreply\r\nx\r\n", "", 23);
  expect_bad("set a 0 0 noreply\r\nx\r\n", "", 19);
  expect_bad("cas a 0 0 1 noreply\r\nx\r\n", "", 21);
}

TEST(TextParserStorage, TooLargeSwallowsTheBlock) {
  std::string line = "set a 0 0 2000000\r\n";
  Parsed p = parse(line);  // decided on the line alone, before the data arrives
  EXPECT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_EQ(p.result.consumed, line.size());
  EXPECT_EQ(p.result.swallow, 2000002u);
  EXPECT_TRUE(p.req.too_large);
  EXPECT_EQ(p.req.command, Command::kSet);
  EXPECT_EQ(p.req.key, "a");
  EXPECT_TRUE(p.req.value.empty());
}

TEST(TextParserStorage, TooLargeFollowsMemcachedItemSize) {
  // memcached -I 1m: 56-byte header + key + 1 + data + 2 (+ 4 with flags) must fit.
  struct Case {
    std::string key;
    uint32_t flags;
    std::size_t largest;
  };
  for (const Case& c : {Case{"a", 0, 1048516}, Case{"a", 1, 1048512},
                        Case{std::string(250, 'k'), 0, 1048267},
                        Case{std::string(250, 'k'), 1, 1048263}}) {
    auto line = [&](std::size_t n) {
      return "set " + c.key + " " + std::to_string(c.flags) + " 0 " + std::to_string(n) + "\r\n";
    };
    EXPECT_FALSE(parse(line(c.largest)).req.too_large) << c.largest;
    EXPECT_TRUE(parse(line(c.largest + 1)).req.too_large) << c.largest;
  }
  TextParserLimits plain;
  plain.item_overhead = 0;
  plain.max_value = 10;
  EXPECT_FALSE(parse("set a 1 0 10\r\n", plain).req.too_large);
  EXPECT_TRUE(parse("set a 1 0 11\r\n", plain).req.too_large);
}

// ---------------------------------------------------------------- single key commands

TEST(TextParserKeyCommands, Delete) {
  for (std::string_view in : {"delete k\r\n", "delete k 0\r\n"}) {
    Parsed p = expect_ok(in, in.size());
    EXPECT_EQ(p.req.command, Command::kDelete);
    EXPECT_EQ(p.req.key, "k");
    EXPECT_FALSE(p.req.noreply);
  }
  for (std::string_view in : {"delete k noreply\r\n", "delete k 0 noreply\r\n"}) {
    Parsed p = expect_ok(in, in.size());
    EXPECT_TRUE(p.req.noreply);
  }
  constexpr std::string_view kUsage =
      "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]";
  expect_bad_line("delete k 5\r\n", kUsage);
  expect_bad_line("delete k noreply 0\r\n", kUsage);
  expect_bad_line("delete k 5 noreply\r\n", "");
  expect_bad_line("delete\r\n", "ERROR");
  expect_bad_line("delete a b c d\r\n", "ERROR");
  const std::string k251(251, 'k');
  expect_bad_line("delete " + k251 + "\r\n", kBadFormat);
  expect_bad_line("delete " + k251 + " noreply\r\n", "");
  expect_bad_line("delete " + k251 + " 5\r\n", kUsage);
}

TEST(TextParserKeyCommands, IncrDecr) {
  Parsed p = expect_ok("incr n 18446744073709551615\r\n", 29);
  EXPECT_EQ(p.req.command, Command::kIncr);
  EXPECT_EQ(p.req.delta, 18446744073709551615u);
  p = expect_ok("decr n  +3 noreply\r\n", 20);
  EXPECT_EQ(p.req.command, Command::kDecr);
  EXPECT_EQ(p.req.delta, 3u);
  EXPECT_TRUE(p.req.noreply);
  p = expect_ok("incr n -0\r\n", 11);
  EXPECT_EQ(p.req.delta, 0u);
  p = expect_ok("decr n 1 foo\r\n", 14);  // a fourth token that is not noreply is ignored
  EXPECT_FALSE(p.req.noreply);

  constexpr std::string_view kBadDelta = "CLIENT_ERROR invalid numeric delta argument";
  expect_bad_line("incr a x\r\n", kBadDelta);
  expect_bad_line("decr a -1\r\n", kBadDelta);
  expect_bad_line("incr a 18446744073709551616\r\n", kBadDelta);
  expect_bad_line("incr a x noreply\r\n", "");
  expect_bad_line("incr a\r\n", "ERROR");
  expect_bad_line("incr a 1 2 3\r\n", "ERROR");
  expect_bad_line("incr " + std::string(251, 'k') + " x\r\n", kBadFormat);
}

TEST(TextParserKeyCommands, Touch) {
  Parsed p = expect_ok("touch k 10\r\n", 12);
  EXPECT_EQ(p.req.command, Command::kTouch);
  EXPECT_EQ(p.req.key, "k");
  EXPECT_EQ(p.req.exptime, 10);
  p = expect_ok("touch k -5 noreply\r\n", 20);
  EXPECT_EQ(p.req.exptime, -5);
  EXPECT_TRUE(p.req.noreply);
  expect_bad_line("touch a x\r\n", "CLIENT_ERROR invalid exptime argument");
  expect_bad_line("touch a x noreply\r\n", "");
  expect_bad_line("touch a\r\n", "ERROR");
  expect_bad_line("touch " + std::string(251, 'k') + " x\r\n", kBadFormat);
}

// ---------------------------------------------------------------- keyless commands

TEST(TextParserAdmin, FlushAll) {
  struct Case {
    std::string_view in;
    int64_t delay;
    bool noreply;
  };
  for (Case c : {Case{"flush_all\r\n", 0, false}, Case{"flush_all 10\r\n", 10, false},
                 Case{"flush_all -1\r\n", -1, false}, Case{"flush_all noreply\r\n", 0, true},
                 Case{"flush_all 7 noreply\r\n", 7, true}, Case{"flush_all 1 2\r\n", 1, false}}) {
    Parsed p = expect_ok(c.in, c.in.size());
    EXPECT_EQ(p.req.command, Command::kFlushAll);
    EXPECT_EQ(p.req.exptime, c.delay) << c.in;
    EXPECT_EQ(p.req.noreply, c.noreply) << c.in;
  }
  expect_bad_line("flush_all x\r\n", "CLIENT_ERROR invalid exptime argument");
  expect_bad_line("flush_all noreply x\r\n", "CLIENT_ERROR invalid exptime argument");
  expect_bad_line("flush_all x noreply\r\n", "");
  expect_bad_line("flush_all 1 2 3\r\n", "ERROR");
}

TEST(TextParserAdmin, Verbosity) {
  Parsed p = expect_ok("verbosity 1\r\n", 13);
  EXPECT_EQ(p.req.command, Command::kVerbosity);
  EXPECT_EQ(p.req.delta, 1u);
  p = expect_ok("verbosity 3 noreply\r\n", 21);
  EXPECT_TRUE(p.req.noreply);
  expect_bad_line("verbosity x\r\n", kBadFormat);
  expect_bad_line("verbosity noreply\r\n", "");
  expect_bad_line("verbosity\r\n", "ERROR");
  expect_bad_line("verbosity 1 2 3\r\n", "ERROR");
}

TEST(TextParserAdmin, StatsKeepsItsArguments) {
  Parsed p = expect_ok("stats\r\n", 7);
  EXPECT_EQ(p.req.command, Command::kStats);
  EXPECT_EQ(p.req.arg, "");
  p = expect_ok("stats  items  \r\n", 16);
  EXPECT_EQ(p.req.arg, "items");
  p = expect_ok("stats detail on\r\n", 17);
  EXPECT_EQ(p.req.arg, "detail on");
  p = expect_ok("stats cachedump 1 2\r\n", 21);
  EXPECT_EQ(p.req.arg, "cachedump 1 2");
}

TEST(TextParserAdmin, VersionQuitShutdown) {
  EXPECT_EQ(expect_ok("version\r\n", 9).req.command, Command::kVersion);
  EXPECT_EQ(expect_ok("version foo bar\r\n", 17).req.command, Command::kVersion);
  EXPECT_EQ(expect_ok("quit\r\n", 6).req.command, Command::kQuit);
  EXPECT_EQ(expect_ok("quit x\r\n", 8).req.command, Command::kQuit);
  Parsed p = expect_ok("shutdown\r\n", 10);
  EXPECT_EQ(p.req.command, Command::kShutdown);
  EXPECT_EQ(p.req.arg, "");
  p = expect_ok("shutdown graceful \r\n", 20);
  EXPECT_EQ(p.req.arg, "graceful");
  p = expect_ok("shutdown graceful x\r\n", 21);
  EXPECT_EQ(p.req.arg, "graceful x");
}

TEST(TextParserAdmin, FixedRepliesWithoutExecution) {
  expect_bad_line("refresh_certs\r\n", "Error TLS not enabled");
  expect_bad_line("refresh_certs noreply\r\n", "Error TLS not enabled");
  Parsed p = expect_ok("mn\r\n", 4);
  EXPECT_EQ(p.req.command, Command::kMetaNoop);
  EXPECT_EQ(p.req.protocol, Protocol::kMeta);
}

// ---------------------------------------------------------------- reuse

TEST(TextParserReuse, RequestIsClearedBetweenParses) {
  Request req;
  ASSERT_EQ(parse_text_request("set k 1 2 1 noreply\r\nx\r\n", req).status, ParseStatus::kOk);
  ASSERT_EQ(parse_text_request("get a b\r\n", req).status, ParseStatus::kOk);
  EXPECT_EQ(req.command, Command::kGet);
  EXPECT_EQ(req.flags, 0u);
  EXPECT_FALSE(req.noreply);
  EXPECT_TRUE(req.value.empty());
  EXPECT_EQ(req.keys.size(), 2u);
  ASSERT_EQ(parse_text_request("get c\r\n", req).status, ParseStatus::kOk);
  EXPECT_EQ(req.keys.size(), 1u);
}

}  // namespace
}  // namespace ringcache::common
