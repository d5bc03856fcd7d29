// -S (SASL PLAIN on the binary protocol) and -Y (text auth) through NodeSession, with
// memcached 1.6.18's replies.
#include <gtest/gtest.h>

#include <string>

#include "node/auth/password_file.h"
#include "tests/common/binary_packet.h"
#include "tests/node/exec/session_harness.h"

namespace ringcache::node::exec_test {
namespace {

using common::binary::Opcode;
using common::binary_test::decode_responses;
using common::binary_test::Packet;
using common::binary_test::Response;

uint8_t op(Opcode o) { return static_cast<uint8_t>(o); }

const PasswordFile& passwords() {
  static const PasswordFile file =
      *PasswordFile::parse("alice:secret\n", PasswordFile::Format::kSaslPwdb, nullptr);
  return file;
}

Settings with_sasl() {
  Settings s;
  s.sasl = true;
  return s;
}

std::string auth(std::string_view user, std::string_view pass, Opcode o = Opcode::kSaslAuth) {
  return Packet(op(o), "PLAIN", "", std::string(1, '\0') + std::string(user) + '\0' +
                                        std::string(pass)).bytes();
}

std::vector<Response> send(SessionHarness& h, const std::string& in) {
  return decode_responses(h.send(in));
}

TEST(BinaryAuthTest, NothingIsServedBeforeAuthentication) {
  SessionHarness h(with_sasl());
  h.context().passwords = &passwords();
  std::string out;
  h.feed(Packet(op(Opcode::kNoop)).bytes() + Packet(op(Opcode::kNoop)).bytes(), out);
  auto r = decode_responses(out);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, 0x20);
  EXPECT_EQ(r[0].value, "Auth failure.");
  EXPECT_TRUE(h.closed());

  SessionHarness get(with_sasl());
  get.context().passwords = &passwords();
  r = send(get, Packet(op(Opcode::kGet), std::string(300, 'k')).bytes());
  EXPECT_EQ(r[0].status, 0x20);  // refused before the key length is looked at
  EXPECT_TRUE(get.closed());
}

TEST(BinaryAuthTest, VersionAndMechanismListComeFirst) {
  SessionHarness h(with_sasl());
  h.context().passwords = &passwords();
  auto r = send(h, Packet(op(Opcode::kVersion)).bytes() + Packet(op(Opcode::kSaslListMechs)).bytes());
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].value, "1.6.18");
  EXPECT_EQ(r[1].status, 0);
  EXPECT_EQ(r[1].value, "PLAIN");
  EXPECT_FALSE(h.closed());
}

TEST(BinaryAuthTest, WrongPasswordIsRefusedRightOneServes) {
  SessionHarness h(with_sasl());
  h.context().passwords = &passwords();
  auto r = send(h, auth("alice", "wrong"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, 0x20);
  EXPECT_FALSE(h.closed());  // a failed attempt may be retried
  r = send(h, Packet(op(Opcode::kSaslAuth), "PLAIN", "", "", 9).bytes() +
                  auth("alice", "secret", Opcode::kSaslStep) +
                  Packet(op(Opcode::kSet), "k", std::string(8, '\0'), "v").bytes() +
                  Packet(op(Opcode::kGet), "k").bytes());
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].status, 0x21);  // AUTH_CONTINUE: no initial response
  EXPECT_EQ(r[0].opaque, 9u);
  EXPECT_EQ(r[1].status, 0);
  EXPECT_EQ(r[1].value, "Authenticated");
  EXPECT_EQ(r[2].status, 0);
  EXPECT_EQ(r[3].value, "v");
  EXPECT_EQ(h.worker().auth_cmds.get(), 2u);
  EXPECT_EQ(h.worker().auth_errors.get(), 1u);
}

TEST(BinaryAuthTest, SaslCommandsAreUnknownWithoutDashS) {
  SessionHarness h;
  auto r = send(h, Packet(op(Opcode::kSaslListMechs)).bytes() + auth("alice", "secret"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].status, 0x81);
  EXPECT_EQ(r[1].status, 0x81);
}

Settings with_auth_file() {
  Settings s;
  s.auth_file = "/unused";  // the harness hands the parsed file over directly
  return s;
}

TEST(TextAuthSessionTest, EveryCommandWaitsForTheAuthSet) {
  SessionHarness h(with_auth_file());
  h.context().passwords = &passwords();
  EXPECT_EQ(h.send("get foo\r\n"), "CLIENT_ERROR unauthenticated\r\n");
  EXPECT_EQ(h.send("set x 0 0 11\r\nalice wrong\r\n"), "CLIENT_ERROR authentication failure\r\n");
  // -Y serves text only: a binary header is a line ending at its 0x0a opcode byte.
  EXPECT_EQ(h.send(Packet(op(Opcode::kNoop)).bytes().substr(0, 2)),
            "CLIENT_ERROR unauthenticated\r\n");
  EXPECT_FALSE(h.closed());
  EXPECT_EQ(h.send("set x 0 0 12\r\nalice secret\r\nset k 0 0 1\r\nv\r\nget k\r\n"),
            "STORED\r\nSTORED\r\nVALUE k 0 1\r\nv\r\nEND\r\n");
  auto st = h.stats();
  EXPECT_EQ(st["auth_cmds"], "2");
  EXPECT_EQ(st["auth_errors"], "1");
}

}  // namespace
}  // namespace ringcache::node::exec_test
