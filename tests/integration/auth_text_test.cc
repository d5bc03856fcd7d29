// Text-protocol authentication (-Y FILE) through the real binaries: before a good
// `set <any> <flags> <exptime> <bytes>\r\n<user> <password>\r\n` every command gets
// CLIENT_ERROR unauthenticated; afterwards the connection is a normal one.
//
// Each step waits for its reply before the next is sent: memcached 1.6.18 keeps only the
// last reply of a pipeline sent before authentication.
#include "tests/integration/auth_files.h"
#include "tests/integration/binary_wire.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

constexpr std::string_view kUnauthenticated = "CLIENT_ERROR unauthenticated\r\n";
constexpr std::string_view kFailure = "CLIENT_ERROR authentication failure\r\n";

std::string auth_set(const std::string& token) {
  return "set auth 0 0 " + std::to_string(token.size()) + "\r\n" + token + "\r\n";
}

class AuthTextTest : public ServerTest {
 protected:
  void SetUp() override {
    if (files_.password_file().empty()) GTEST_SKIP() << files_.error();
    ServerTest::SetUp();
  }
  std::vector<std::string> server_args() const override { return {"-Y", files_.password_file()}; }

 private:
  AuthFiles files_{AuthFiles::Users{{"bob", "hunter2"}, {"eve", "s3:cret!"}}};
};
RINGCACHE_SERVER_SUITE(AuthTextTest);

TEST_P(AuthTextTest, CommandsBeforeAuthenticationAreRefused) {
  TestClient c = connect();
  for (const char* cmd : {"get a\r\n", "version\r\n", "mn\r\n", "stats\r\n", "delete a\r\n",
                          "flush_all\r\n", "bogus\r\n"}) {
    EXPECT_REPLY(c, cmd, kUnauthenticated);
  }
  // The auth set is the only command there is: it swallows its data block.
  EXPECT_REPLY(c, auth_set("bob hunter2"), "STORED\r\n");
  EXPECT_REPLY(c, "get a\r\n", "END\r\n");
}

TEST_P(AuthTextTest, RightCredentialsThenNormalCommands) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set x 0 0 11\r\nbob hunter2\r\n", "STORED\r\n");
  // The auth set stored nothing.
  EXPECT_REPLY(c, "get x\r\n", "END\r\n");
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\nget a\r\nmg a v\r\nincr a 1\r\nmn\r\n",
               "STORED\r\nVALUE a 0 1\r\nx\r\nEND\r\nVA 1\r\nx\r\n"
               "CLIENT_ERROR cannot increment or decrement non-numeric value\r\nMN\r\n");
  // Another user's login on another connection; each connection logs in by itself.
  TestClient e = connect();
  EXPECT_REPLY(e, "get a\r\n", kUnauthenticated);
  EXPECT_REPLY(e, auth_set("eve s3:cret!"), "STORED\r\n");  // a colon in a password
  EXPECT_REPLY(e, "get a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n");
}

TEST_P(AuthTextTest, WrongCredentialsAreRefusedAndCanBeRetried) {
  TestClient c = connect();
  EXPECT_REPLY(c, auth_set("bob wrong!"), kFailure);
  EXPECT_REPLY(c, auth_set("nobody hunter2"), kFailure);
  EXPECT_REPLY(c, auth_set("eve hunter2"), kFailure);  // another user's password
  EXPECT_REPLY(c, "get a\r\n", kUnauthenticated);
  EXPECT_REPLY(c, auth_set("bob hunter2"), "STORED\r\n");
  EXPECT_REPLY(c, "set a 0 0 1\r\ny\r\n", "STORED\r\n");
}

TEST_P(AuthTextTest, MalformedTokens) {
  TestClient c = connect();
  EXPECT_REPLY(c, auth_set("bobhunter2"), "CLIENT_ERROR bad authentication token format\r\n");
  // A data block that does not end where <bytes> says.
  EXPECT_REPLY(c, "set x 0 0 3\r\nbob h", "CLIENT_ERROR bad command line termination\r\n");
  EXPECT_REPLY(c, "set x 0 0\r\n", kUnauthenticated);
  EXPECT_REPLY(c, "set x 0 0 abc\r\n", kUnauthenticated);
}

TEST_P(AuthTextTest, BinaryIsNotSpokenUnderTextAuth) {
  TestClient c = connect();
  // A NOOP header contains 0x0a, so the text reader sees one (bad) line in it.
  ASSERT_TRUE(c.send(bin::packet(bin::kNoop, "", "", "", 1).bytes()));
  EXPECT_EQ(escape(c.read_line()), escape(kUnauthenticated));
}

TEST_P(AuthTextTest, AttemptsAreCounted) {
  TestClient c = connect();
  EXPECT_REPLY(c, auth_set("bob wrong!"), kFailure);
  EXPECT_REPLY(c, auth_set("bob hunter2"), "STORED\r\n");
  auto s = stats(c);
  EXPECT_EQ(stat_int(s, "auth_cmds"), 2);
  EXPECT_EQ(stat_int(s, "auth_errors"), 1);
}

}  // namespace
}  // namespace ringcache::integration
