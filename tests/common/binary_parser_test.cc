#include "common/protocol/binary_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/common/binary_packet.h"

namespace ringcache::common {
namespace {

using binary::Opcode;
using binary::Status;
using binary_test::incr_extras;
using binary_test::Packet;
using binary_test::set_extras;

uint8_t op(Opcode o) { return static_cast<uint8_t>(o); }

ParseResult parse(const std::string& in, Request& req, const TextParserLimits& limits = {}) {
  return parse_binary_request(in, req, limits);
}

TEST(BinaryParser, GetVariantsSetKeyQuietAndReturnKey) {
  struct Case { Opcode opcode; bool quiet; bool return_key; };
  for (Case c : {Case{Opcode::kGet, false, false}, Case{Opcode::kGetQ, true, false},
                 Case{Opcode::kGetK, false, true}, Case{Opcode::kGetKQ, true, true}}) {
    const std::string in = Packet{op(c.opcode), "foo", "", "", 0x01020304, 9}.bytes();
    Request req;
    ParseResult r = parse(in, req);
    ASSERT_EQ(r.status, ParseStatus::kOk);
    EXPECT_EQ(r.consumed, in.size());
    EXPECT_EQ(req.protocol, Protocol::kBinary);
    EXPECT_EQ(req.command, Command::kGet);
    EXPECT_EQ(req.key, "foo");
    ASSERT_EQ(req.keys.size(), 1u);
    EXPECT_EQ(req.opcode, op(c.opcode));
    EXPECT_EQ(req.opaque, 0x01020304u);
    EXPECT_EQ(req.cas, 9u);
    EXPECT_EQ(req.noreply, c.quiet);
    EXPECT_EQ(req.return_key, c.return_key);
  }
}

TEST(BinaryParser, SetCarriesFlagsExptimeValueAndCas) {
  const std::string in =
      Packet{op(Opcode::kSetQ), "k", set_extras(0xdeadbeef, 300), "hello", 7, 42}.bytes();
  const std::string buffer = in + "trailing";  // the views point into it
  Request req;
  ParseResult r = parse(buffer, req);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(r.consumed, in.size());
  EXPECT_EQ(req.command, Command::kSet);
  EXPECT_EQ(req.flags, 0xdeadbeefu);
  EXPECT_EQ(req.exptime, 300);
  EXPECT_EQ(req.value, "hello");
  EXPECT_EQ(req.cas, 42u);
  EXPECT_TRUE(req.noreply);
  EXPECT_EQ(req.raw, in);
}

TEST(BinaryParser, IncrCarriesDeltaInitialAndExptime) {
  const std::string in =
      Packet{op(Opcode::kDecrement), "n", incr_extras(5, 100, 0xffffffff)}.bytes();
  Request req;
  ASSERT_EQ(parse(in, req).status, ParseStatus::kOk);
  EXPECT_EQ(req.command, Command::kDecr);
  EXPECT_EQ(req.delta, 5u);
  EXPECT_EQ(req.initial, 100u);
  EXPECT_EQ(req.exptime, 0xffffffff);
}

TEST(BinaryParser, OtherCommandsMapAsMemcachedDoes) {
  struct Case { Packet packet; Command command; };
  const Case cases[] = {
      {Packet{op(Opcode::kAppendQ), "k", "", "v"}, Command::kAppend},
      {Packet{op(Opcode::kPrepend), "k", "", "v"}, Command::kPrepend},
      {Packet{op(Opcode::kDeleteQ), "k"}, Command::kDelete},
      {Packet{op(Opcode::kTouch), "k", binary_test::be32(10)}, Command::kTouch},
      {Packet{op(Opcode::kGatKQ), "k", binary_test::be32(10)}, Command::kGat},
      {Packet{op(Opcode::kFlushQ), "", binary_test::be32(10)}, Command::kFlushAll},
      {Packet{op(Opcode::kNoop)}, Command::kNoop},
      {Packet{op(Opcode::kVersion)}, Command::kVersion},
      {Packet{op(Opcode::kQuitQ)}, Command::kQuit},
      {Packet{op(Opcode::kStat), "items"}, Command::kStats},
      {Packet{op(Opcode::kSaslListMechs)}, Command::kSaslListMechs},
      {Packet{op(Opcode::kSaslAuth), "PLAIN", "", std::string("\0u\0p", 4)}, Command::kSaslAuth},
      {Packet{op(Opcode::kSaslStep), "PLAIN", "", "x"}, Command::kSaslStep},
  };
  for (const Case& c : cases) {
    Request req;
    const std::string in = c.packet.bytes();
    ParseResult r = parse(in, req);
    ASSERT_EQ(r.status, ParseStatus::kOk) << int(c.packet.opcode);
    EXPECT_EQ(r.consumed, in.size()) << int(c.packet.opcode);
    EXPECT_EQ(req.command, c.command) << int(c.packet.opcode);
  }
  Request req;
  const std::string flush = Packet{op(Opcode::kFlushQ), "", binary_test::be32(10)}.bytes();
  parse(flush, req);
  EXPECT_EQ(req.exptime, 10);
  EXPECT_TRUE(req.noreply);
  const std::string stat = Packet{op(Opcode::kStat), "settings"}.bytes();
  parse(stat, req);
  EXPECT_EQ(req.arg, "settings");
  const std::string sasl = Packet{op(Opcode::kSaslAuth), "PLAIN", "", "data"}.bytes();
  parse(sasl, req);  // the views point into `sasl`
  EXPECT_EQ(req.key, "PLAIN");
  EXPECT_EQ(req.value, "data");
}

// Every complete packet cut short at any offset asks for more and consumes nothing.
TEST(BinaryParser, NeedsMoreUntilThePacketIsComplete) {
  const std::string packets[] = {
      Packet{op(Opcode::kSet), "key", set_extras(1, 2), "value"}.bytes(),
      Packet{op(Opcode::kGetK), "key"}.bytes(),
      Packet{op(Opcode::kIncrement), "n", incr_extras(1, 2, 3)}.bytes(),
      Packet{op(Opcode::kNoop)}.bytes(),
      Packet{op(Opcode::kSaslAuth), "PLAIN", "", "abc"}.bytes(),
  };
  for (const std::string& in : packets) {
    Request req;
    for (std::size_t cut = 0; cut < in.size(); ++cut) {
      ParseResult r = parse(in.substr(0, cut), req);
      EXPECT_EQ(r.status, ParseStatus::kNeedMore) << "cut " << cut;
      EXPECT_EQ(r.consumed, 0u);
    }
    ParseResult r = parse(in, req);
    EXPECT_EQ(r.status, ParseStatus::kOk);
    EXPECT_EQ(r.consumed, in.size());
  }
}

TEST(BinaryParser, BadMagicClosesWithoutAReply) {
  Packet p{op(Opcode::kNoop)};
  p.magic = 0x81;
  Request req;
  ParseResult r = parse(p.bytes(), req);
  EXPECT_EQ(r.status, ParseStatus::kBad);
  EXPECT_TRUE(r.close);
  EXPECT_EQ(r.binary_status, 0);
  EXPECT_TRUE(r.error.empty());
}

TEST(BinaryParser, LengthsThatDisagreeCloseWithUnknownCommand) {
  Packet p{op(Opcode::kGet), "abc"};
  p.body_length = 2;  // shorter than the key
  Request req;
  ParseResult r = parse(p.bytes(), req);
  EXPECT_EQ(r.status, ParseStatus::kBad);
  EXPECT_TRUE(r.close);
  EXPECT_EQ(r.binary_status, uint16_t(Status::kUnknownCommand));
  EXPECT_EQ(r.error, "Unknown command");
}

TEST(BinaryParser, BadShapesCloseWithInvalidArguments) {
  const Packet bad[] = {
      Packet{op(Opcode::kGet), std::string(251, 'a')},          // key over 250
      Packet{op(Opcode::kGet), "a", "1234"},                     // get with extras
      Packet{op(Opcode::kSet), "a", "", "value"},                // set without extras
      Packet{op(Opcode::kDelete), "a", "1234"},                  // delete with extras
      Packet{op(Opcode::kIncrement), "a", std::string(16, 0)},   // short incr extras
      Packet{op(Opcode::kNoop), "", "", "x"},                    // noop with a body
      Packet{op(Opcode::kVersion), "x"},                         // version with a key
      Packet{op(Opcode::kFlush), "", "12"},                      // flush extras of 2
      Packet{op(Opcode::kStat), "items", "1234"},                // stat with extras
      Packet{op(Opcode::kTouch), "a"},                           // touch without exptime
  };
  for (const Packet& p : bad) {
    Request req;
    ParseResult r = parse(p.bytes(), req);
    EXPECT_EQ(r.status, ParseStatus::kBad) << int(p.opcode);
    EXPECT_TRUE(r.close) << int(p.opcode);
    EXPECT_EQ(r.binary_status, uint16_t(Status::kInvalidArguments)) << int(p.opcode);
    EXPECT_EQ(r.error, "Invalid arguments");
    EXPECT_EQ(req.opcode, p.opcode);
  }
}

TEST(BinaryParser, UnknownOpcodeSkipsItsBodyAndStaysOpen) {
  // memcached 1.6 has no verbosity handler: "Unknown command".
  const std::string in = Packet{op(Opcode::kVerbosity), "ab", binary_test::be32(1), "xyz"}.bytes();
  Request req;
  ParseResult r = parse(in, req);
  EXPECT_EQ(r.status, ParseStatus::kBad);
  EXPECT_FALSE(r.close);
  EXPECT_EQ(r.binary_status, uint16_t(Status::kUnknownCommand));
  EXPECT_EQ(r.consumed + r.swallow, in.size());
  EXPECT_EQ(req.opcode, op(Opcode::kVerbosity));
}

TEST(BinaryParser, ValueOverTheItemLimitIsRefusedBeforeItArrives) {
  TextParserLimits limits;
  limits.max_value = 1024 * 1024;
  // memcached: 56 (header with cas) + key + 1 + value + 2 (+ 4 with flags) <= -I.
  const std::size_t fits = limits.max_value - 56 - 2 - 2;  // key "k"
  Packet p{op(Opcode::kSet), "k", set_extras(0, 0), std::string(fits, 'x')};
  Request req;
  EXPECT_EQ(parse(p.bytes(), req, limits).status, ParseStatus::kOk);
  EXPECT_FALSE(req.too_large);

  p.value.push_back('x');
  const std::string in = p.bytes();
  const std::size_t head = binary::kHeaderSize + 8 + 1;
  ParseResult r = parse(in.substr(0, head), req, limits);  // no value bytes yet
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_TRUE(req.too_large);
  EXPECT_EQ(r.consumed, head);
  EXPECT_EQ(r.swallow, fits + 1);

  Packet flagged{op(Opcode::kSet), "k", set_extras(1, 0), std::string(fits - 3, 'x')};
  parse(flagged.bytes(), req, limits);
  EXPECT_TRUE(req.too_large);  // flags cost 4 more bytes
}

TEST(BinaryParser, StatAndTouchReadOnlyHeaderExtrasAndKey) {
  // memcached reads no further for these; what follows is the next packet.
  Packet p{op(Opcode::kStat), "settings"};
  p.body_length = 8 + 24;
  const std::string noop = Packet{op(Opcode::kNoop)}.bytes();
  const std::string in = p.bytes() + noop;
  Request req;
  ParseResult r = parse(in, req);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(r.consumed, binary::kHeaderSize + 8);
  EXPECT_EQ(parse(in.substr(r.consumed), req).status, ParseStatus::kOk);
  EXPECT_EQ(req.command, Command::kNoop);
}

}  // namespace
}  // namespace ringcache::common
