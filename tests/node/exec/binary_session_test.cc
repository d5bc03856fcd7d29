// The binary protocol through NodeSession, with the replies memcached 1.6.18 sends to
// the same bytes (checked against the real server).
#include <gtest/gtest.h>

#include <string>

#include "common/protocol/binary_writer.h"
#include "tests/common/binary_packet.h"
#include "tests/node/exec/session_harness.h"

namespace ringcache::node::exec_test {
namespace {

using common::binary::Opcode;
using common::binary::Status;
using common::binary_test::be32;
using common::binary_test::decode_responses;
using common::binary_test::incr_extras;
using common::binary_test::Packet;
using common::binary_test::Response;
using common::binary_test::set_extras;

uint8_t op(Opcode o) { return static_cast<uint8_t>(o); }

std::string reply(Opcode o, Status st, uint32_t opaque, uint64_t cas, std::string extras,
                  std::string key, std::string value) {
  std::string out;
  common::binary::append_response(out, {op(o), st, opaque, cas}, extras, key, value);
  return out;
}

std::string set(std::string key, std::string value, uint32_t flags = 0, uint64_t cas = 0,
                Opcode o = Opcode::kSet) {
  return Packet(op(o), key, set_extras(flags, 0), value, 0, cas).bytes();
}

std::vector<Response> send(SessionHarness& h, const std::string& in) {
  std::string rest;
  auto packets = decode_responses(h.send(in), &rest);
  EXPECT_EQ(rest, "");
  return packets;
}

TEST(BinarySessionTest, QuietGetsEndingInNoopSendHitsOnly) {
  SessionHarness h;
  send(h, set("a", "va", 5) + set("c", "vc"));
  const uint64_t cas_a = 1, cas_c = 2;
  const std::string in = Packet(op(Opcode::kGetQ), "a", "", "", 1).bytes() +
                         Packet(op(Opcode::kGetQ), "b", "", "", 2).bytes() +
                         Packet(op(Opcode::kGetKQ), "c", "", "", 3).bytes() +
                         Packet(op(Opcode::kGetKQ), "d", "", "", 4).bytes() +
                         Packet(op(Opcode::kNoop), "", "", "", 5).bytes();
  const std::string expected =
      reply(Opcode::kGetQ, Status::kSuccess, 1, cas_a, be32(5), "", "va") +
      reply(Opcode::kGetKQ, Status::kSuccess, 3, cas_c, be32(0), "c", "vc") +
      reply(Opcode::kNoop, Status::kSuccess, 5, 0, "", "", "");
  EXPECT_EQ(h.send(in), expected);
  EXPECT_EQ(h.worker().get_hits.get(), 2u);
  EXPECT_EQ(h.worker().get_misses.get(), 2u);
}

TEST(BinarySessionTest, GetAndGetKRepliesAndMisses) {
  SessionHarness h;
  EXPECT_EQ(h.send(set("k", "hello", 0xdeadbeef)),
            reply(Opcode::kSet, Status::kSuccess, 0, 1, "", "", ""));
  EXPECT_EQ(h.send(Packet(op(Opcode::kGetK), "k", "", "", 8).bytes()),
            reply(Opcode::kGetK, Status::kSuccess, 8, 1, be32(0xdeadbeef), "k", "hello"));
  EXPECT_EQ(h.send(Packet(op(Opcode::kGet), "nokey", "", "", 9).bytes()),
            reply(Opcode::kGet, Status::kKeyNotFound, 9, 0, "", "", "Not found"));
  // getk's miss carries the key as its whole body, and no text.
  EXPECT_EQ(h.send(Packet(op(Opcode::kGetK), "nope").bytes()),
            reply(Opcode::kGetK, Status::kKeyNotFound, 0, 0, "", "nope", ""));
}

TEST(BinarySessionTest, StoreFailuresUseMemcachedsStatuses) {
  SessionHarness h;
  send(h, set("k", "v"));
  auto r = send(h, set("k", "x", 0, 0, Opcode::kAdd) + set("m", "x", 0, 0, Opcode::kReplace) +
                       set("k", "x", 0, 999) + set("m", "x", 0, 999) +
                       Packet(op(Opcode::kDelete), "k", "", "", 0, 12345).bytes() +
                       Packet(op(Opcode::kDelete), "k").bytes() +
                       Packet(op(Opcode::kDelete), "k").bytes() +
                       Packet(op(Opcode::kAppend), "none", "", "x").bytes());
  ASSERT_EQ(r.size(), 8u);
  const std::pair<uint16_t, std::string> expected[] = {
      {0x02, "Data exists for key."}, {0x01, "Not found"}, {0x02, "Data exists for key."},
      {0x01, "Not found"}, {0x02, "Data exists for key."}, {0x00, ""}, {0x01, "Not found"},
      {0x05, "Not stored."}};
  for (std::size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r[i].status, expected[i].first) << i;
    EXPECT_EQ(r[i].value, expected[i].second) << i;
    EXPECT_EQ(r[i].cas, 0u) << i;  // a delete's success too
  }
}

TEST(BinarySessionTest, IncrCreatesCountsAndRefusesText) {
  SessionHarness h;
  auto r = send(h, Packet(op(Opcode::kIncrement), "n", incr_extras(1, 10, 0)).bytes() +
                       Packet(op(Opcode::kIncrement), "n", incr_extras(5, 10, 0)).bytes() +
                       Packet(op(Opcode::kDecrement), "n", incr_extras(100, 10, 0)).bytes() +
                       Packet(op(Opcode::kIncrement), "q", incr_extras(1, 10, 0xffffffff)).bytes() +
                       set("s", "abc") +
                       Packet(op(Opcode::kIncrement), "s", incr_extras(1, 10, 0)).bytes());
  ASSERT_EQ(r.size(), 6u);
  EXPECT_EQ(r[0].value, common::binary_test::be64(10));  // created with `initial`
  EXPECT_EQ(r[0].cas, 1u);
  EXPECT_EQ(r[1].value, common::binary_test::be64(15));
  EXPECT_EQ(r[1].cas, 2u);
  EXPECT_EQ(r[2].value, common::binary_test::be64(0));  // decr floors at 0
  EXPECT_EQ(r[3].status, 0x01);                         // 0xffffffff: no create
  EXPECT_EQ(r[5].status, 0x06);
  EXPECT_EQ(r[5].value, "Non-numeric server-side value for incr or decr");
}

TEST(BinarySessionTest, TouchGatAndGatKReplyShapes) {
  SessionHarness h;
  send(h, set("t", "tv", 0xdeadbeef));
  auto r = send(h, Packet(op(Opcode::kTouch), "t", be32(100)).bytes() +
                       Packet(op(Opcode::kGat), "t", be32(100)).bytes() +
                       Packet(op(Opcode::kGatK), "t", be32(100)).bytes() +
                       Packet(op(Opcode::kTouch), "nn", be32(100)).bytes() +
                       Packet(op(Opcode::kGatK), "nn", be32(100)).bytes() +
                       Packet(op(Opcode::kGatQ), "nn", be32(100)).bytes());
  ASSERT_EQ(r.size(), 5u);  // the gatq miss is silent
  EXPECT_EQ(r[0].extras, be32(0xdeadbeef));  // touch: flags, no value
  EXPECT_EQ(r[0].value, "");
  EXPECT_EQ(r[1].value, "tv");
  EXPECT_EQ(r[2].key, "t");
  EXPECT_EQ(r[3].value, "Not found");
  EXPECT_EQ(r[4].key, "nn");
  EXPECT_EQ(h.worker().touch_hits.get(), 3u);
}

TEST(BinarySessionTest, QuietMutationsSendOnlyErrors) {
  SessionHarness h;
  send(h, set("k", "v"));
  const std::string in =
      set("q1", "v", 0, 0, Opcode::kSetQ) + set("k", "v", 0, 0, Opcode::kAddQ) +
      set("zz", "v", 0, 0, Opcode::kReplaceQ) + Packet(op(Opcode::kDeleteQ), "q1").bytes() +
      Packet(op(Opcode::kIncrementQ), "n", incr_extras(1, 0, 0)).bytes() +
      Packet(op(Opcode::kAppendQ), "zz", "", "1").bytes() + Packet(op(Opcode::kFlushQ)).bytes() +
      Packet(op(Opcode::kNoop), "", "", "", 99).bytes();
  auto r = send(h, in);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].opcode, op(Opcode::kAddQ));
  EXPECT_EQ(r[0].status, 0x02);
  EXPECT_EQ(r[1].opcode, op(Opcode::kReplaceQ));
  EXPECT_EQ(r[2].opcode, op(Opcode::kAppendQ));
  EXPECT_EQ(r[2].status, 0x05);
  EXPECT_EQ(r[3].opaque, 99u);
  r = send(h, Packet(op(Opcode::kGet), "k").bytes());  // flushq ran
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, 0x01);
}

TEST(BinarySessionTest, VersionQuitAndUnknownOpcodes) {
  SessionHarness h;
  EXPECT_EQ(h.send(Packet(op(Opcode::kVersion), "", "", "", 3).bytes()),
            reply(Opcode::kVersion, Status::kSuccess, 3, 0, "", "", "1.6.18"));
  // memcached 1.6 has no verbosity handler; the connection stays usable.
  auto r = send(h, Packet(op(Opcode::kVerbosity), "", be32(1)).bytes() +
                       Packet(op(Opcode::kNoop), "", "", "", 5).bytes());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].status, 0x81);
  EXPECT_EQ(r[0].value, "Unknown command");
  EXPECT_EQ(r[1].opaque, 5u);
  EXPECT_FALSE(h.closed());
  EXPECT_EQ(h.send(Packet(op(Opcode::kQuit), "", "", "", 3).bytes()),
            reply(Opcode::kQuit, Status::kSuccess, 3, 0, "", "", ""));
  EXPECT_TRUE(h.closed());

  SessionHarness quiet;
  std::string out;
  const std::string in = Packet(op(Opcode::kQuitQ)).bytes() + Packet(op(Opcode::kNoop)).bytes();
  EXPECT_EQ(quiet.feed(in, out), 24u);
  EXPECT_EQ(out, "");
  EXPECT_TRUE(quiet.closed());
}

TEST(BinarySessionTest, StatSendsOnePacketPerStatThenAnEmptyOne) {
  SessionHarness h;
  auto r = send(h, Packet(op(Opcode::kStat), "", "", "", 4).bytes());
  ASSERT_GT(r.size(), 10u);
  EXPECT_EQ(r[0].key, "pid");
  EXPECT_EQ(r.back().key, "");
  EXPECT_EQ(r.back().value, "");
  for (const Response& p : r) EXPECT_EQ(p.opaque, 4u);
  r = send(h, Packet(op(Opcode::kStat), "settings").bytes());
  EXPECT_EQ(r[0].key, "maxbytes");
  EXPECT_EQ(r[0].value, "67108864");
  r = send(h, Packet(op(Opcode::kStat), "bogus").bytes() + Packet(op(Opcode::kStat), "conns").bytes() +
                  Packet(op(Opcode::kStat), "reset").bytes());
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].value, "Not found");
  EXPECT_EQ(r[1].value, "Not found");  // conns is text-only in memcached
  EXPECT_EQ(r[2].status, 0);
  EXPECT_EQ(r[2].key, "");
}

TEST(BinarySessionTest, FlushHonoursDisabledFlush) {
  Settings s;
  s.flush_enabled = false;
  SessionHarness h(s);
  auto r = send(h, Packet(op(Opcode::kFlush)).bytes());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, 0x20);
  EXPECT_EQ(r[0].value, "Auth failure.");
  EXPECT_FALSE(h.closed());
}

TEST(BinarySessionTest, MalformedPacketsCloseOrSkipAndNeverHang) {
  {
    SessionHarness h;
    Packet bad(op(Opcode::kNoop));
    bad.magic = 0x81;
    EXPECT_EQ(h.send(Packet(op(Opcode::kNoop)).bytes() + bad.bytes()),
              reply(Opcode::kNoop, Status::kSuccess, 0, 0, "", "", ""));
    EXPECT_TRUE(h.closed());
  }
  {
    SessionHarness h;
    Packet bad(op(Opcode::kGet), "abc");
    bad.body_length = 2;
    EXPECT_EQ(h.send(bad.bytes()),
              reply(Opcode::kGet, Status::kUnknownCommand, 0, 0, "", "", "Unknown command"));
    EXPECT_TRUE(h.closed());
  }
  {
    SessionHarness h;
    std::string out;
    const std::string in = Packet(op(Opcode::kGet), "a", "1234").bytes() + "more";
    h.feed(in, out);
    EXPECT_EQ(decode_responses(out)[0].value, "Invalid arguments");
    EXPECT_TRUE(h.closed());
  }
}

TEST(BinarySessionTest, ValueOverTheLimitIsSwallowedAcrossReads) {
  SessionHarness h;
  send(h, set("big", "old"));
  const std::string big = set("big", std::string(2 << 20, 'x'));
  std::string out;
  std::size_t used = 0;
  // Arrives in 64 KiB reads; the session never holds more than one read.
  for (std::size_t pos = 0; pos < big.size(); pos += 65536) {
    const std::string chunk = big.substr(pos, 65536);
    used += h.feed(chunk, out);
  }
  EXPECT_EQ(used, big.size());
  EXPECT_EQ(out, reply(Opcode::kSet, Status::kTooLarge, 0, 0, "", "", "Too large."));
  auto r = send(h, Packet(op(Opcode::kGet), "big").bytes());  // set dropped the old value
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, 0x01);
  EXPECT_FALSE(h.closed());
}

TEST(BinarySessionTest, OneBadSessionLeavesOthersAlone) {
  SessionHarness h;
  Packet bad(op(Opcode::kNoop));
  bad.magic = 0x00;
  h.send(Packet(op(Opcode::kNoop)).bytes() + bad.bytes());
  EXPECT_TRUE(h.closed());
  NodeSession other(h.context(), h.other_worker());
  std::string out;
  bool closed = false;
  const std::string in = set("k", "v") + Packet(op(Opcode::kGet), "k").bytes();
  EXPECT_EQ(other.on_input(in, out, closed), in.size());
  EXPECT_FALSE(closed);
  EXPECT_EQ(decode_responses(out).size(), 2u);
}

TEST(BinarySessionTest, ProtocolFlagDecidesWhatAConnectionSpeaks) {
  Settings ascii;
  ascii.protocol = "ascii";
  SessionHarness text_only(ascii);
  // The opcode byte 0x0a is a newline to the text parser.
  EXPECT_EQ(text_only.send(Packet(op(Opcode::kNoop)).bytes().substr(0, 2)), "ERROR\r\n");

  Settings binary;
  binary.protocol = "binary";
  SessionHarness binary_only(binary);
  std::string out;
  binary_only.feed("get foo\r\n", out);
  EXPECT_FALSE(binary_only.closed());  // fewer bytes than a header: waits
  binary_only.feed("get foo\r\nget bar\r\nget baz\r\n", out);
  EXPECT_TRUE(binary_only.closed());   // bad magic
  EXPECT_EQ(out, "");

  SessionHarness autodetect;
  EXPECT_EQ(autodetect.send("version\r\n"), "VERSION 1.6.18\r\n");
}

}  // namespace
}  // namespace ringcache::node::exec_test
