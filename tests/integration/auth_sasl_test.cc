// SASL PLAIN (-S) through the real binaries: nothing is served before a successful
// authentication, wrong credentials are refused with status 0x20, right ones open the
// connection, and PLAIN is the one mechanism listed. Runs against memcached too when
// saslpasswd2 (sasl2-bin) can build the cyrus sasldb it needs.
#include "tests/integration/auth_files.h"
#include "tests/integration/binary_wire.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using namespace bin;  // NOLINT: opcodes and statuses read better unqualified here

constexpr std::string_view kAuthFailure = "Auth failure.";
constexpr std::string_view kAuthenticated = "Authenticated";

std::string plain(std::string_view user, std::string_view password, std::string_view authz = {}) {
  return std::string(authz) + '\0' + std::string(user) + '\0' + std::string(password);
}

class AuthSaslTest : public ServerTest {
 protected:
  void SetUp() override {
    launch_ = files_.sasl(GetParam());
    if (!launch_) GTEST_SKIP() << files_.error();
    ServerTest::SetUp();
  }
  ServerSpec server_spec() const override { return launch_->spec; }
  std::vector<std::string> server_args() const override { return launch_->args; }

  // Sends SASL_AUTH PLAIN and returns the response.
  std::string auth(TestClient& c, const std::string& data, uint32_t opaque) {
    EXPECT_TRUE(c.send(packet(kSaslAuth, "PLAIN", "", data, opaque).bytes()));
    return next(c);
  }
  std::string ok(uint32_t opaque) { return want(kSaslAuth, kSuccess, opaque, "", "", kAuthenticated); }
  std::string refused(uint32_t opaque) {
    return want(kSaslAuth, kAuthError, opaque, "", "", kAuthFailure);
  }

 private:
  AuthFiles files_{AuthFiles::Users{{"alice", "secret"}, {"bob", "p@ss w0rd"}}};
  std::optional<SaslLaunch> launch_;
};
RINGCACHE_SERVER_SUITE(AuthSaslTest);

TEST_P(AuthSaslTest, NothingIsServedBeforeAuthentication) {
  for (uint8_t op : {kGet, kSet, kNoop, kDelete, kFlush, kStat}) {
    TestClient c = connect();
    Request req = packet(op, "", "", "", 7);
    if (op == kGet || op == kDelete) req.key = "k";
    if (op == kSet) req = packet(kSet, "k", store_extras(0, 0), "v", 7);
    ASSERT_TRUE(c.send(req.bytes() + packet(kNoop, "", "", "", 8).bytes()));
    EXPECT_EQ(next(c), want(op, kAuthError, 7, "", "", kAuthFailure)) << "opcode " << int(op);
    // The refusal ends the connection: the NOOP behind it is never answered.
    EXPECT_TRUE(c.wait_closed()) << "opcode " << int(op);
    EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(50))), "");
  }
}

TEST_P(AuthSaslTest, TextProtocolIsNotSpokenUnderSasl) {
  TestClient c = connect();
  ASSERT_TRUE(c.send("get a b c d e f g h i j k l\r\n"));
  EXPECT_TRUE(c.wait_closed());
  EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(50))), "");
}

TEST_P(AuthSaslTest, ListMechanismsAndVersionNeedNoAuthentication) {
  TestClient c = connect();
  ASSERT_TRUE(c.send(concat({packet(kSaslListMechs, "", "", "", 1), packet(kVersion, "", "", "", 2)})));
  EXPECT_EQ(next(c), want(kSaslListMechs, kSuccess, 1, "", "", "PLAIN"));
  auto version = read_response(c);
  ASSERT_TRUE(version);
  EXPECT_EQ(version->status, kSuccess);
  EXPECT_FALSE(version->value.empty());
}

TEST_P(AuthSaslTest, WrongCredentialsAreRefused) {
  TestClient c = connect();
  EXPECT_EQ(auth(c, plain("alice", "wrong"), 1), refused(1));
  EXPECT_EQ(auth(c, plain("alice", ""), 2), refused(2));
  EXPECT_EQ(auth(c, plain("nobody", "secret"), 3), refused(3));
  EXPECT_EQ(auth(c, plain("alice", "secret", "bob"), 4), refused(4));  // acting as someone else
  EXPECT_EQ(auth(c, "alice secret", 5), refused(5));                    // not PLAIN's format
  ASSERT_TRUE(c.send(packet(kSaslAuth, "CRAM-MD5", "", "x", 6).bytes()));
  EXPECT_EQ(next(c), want(kSaslAuth, kAuthError, 6, "", "", kAuthFailure));
  // Still not authenticated.
  ASSERT_TRUE(c.send(packet(kGet, "k", "", "", 7).bytes()));
  EXPECT_EQ(next(c), want(kGet, kAuthError, 7, "", "", kAuthFailure));
}

TEST_P(AuthSaslTest, RightCredentialsOpenTheConnection) {
  TestClient c = connect();
  EXPECT_EQ(auth(c, plain("alice", "wrong"), 1), refused(1));
  EXPECT_EQ(auth(c, plain("alice", "secret"), 2), ok(2));
  ASSERT_TRUE(c.send(concat({packet(kSet, "k", store_extras(3, 0), "v", 3), packet(kGet, "k", "", "", 4),
                             packet(kNoop, "", "", "", 5)})));
  EXPECT_EQ(next(c), want(kSet, kSuccess, 3));
  EXPECT_EQ(next(c), want(kGet, kSuccess, 4, be32(3), "", "v"));
  EXPECT_EQ(next(c), want(kNoop, kSuccess, 5));
  // Another user, with a space in the password, naming itself as the identity to act as.
  TestClient b = connect();
  EXPECT_EQ(auth(b, plain("bob", "p@ss w0rd", "bob"), 6), ok(6));
  ASSERT_TRUE(b.send(packet(kGet, "k", "", "", 7).bytes()));
  EXPECT_EQ(next(b), want(kGet, kSuccess, 7, be32(3), "", "v"));
  // Each connection authenticates on its own.
  TestClient fresh = connect();
  ASSERT_TRUE(fresh.send(packet(kGet, "k", "", "", 8).bytes()));
  EXPECT_EQ(next(fresh), want(kGet, kAuthError, 8, "", "", kAuthFailure));
}

TEST_P(AuthSaslTest, AuthWithoutDataThenStep) {
  TestClient c = connect();
  ASSERT_TRUE(c.send(packet(kSaslAuth, "PLAIN", "", "", 1).bytes()));
  EXPECT_EQ(next(c), want(kSaslAuth, kAuthContinue, 1));
  ASSERT_TRUE(c.send(packet(kSaslStep, "PLAIN", "", plain("alice", "secret"), 2).bytes()));
  EXPECT_EQ(next(c), want(kSaslStep, kSuccess, 2, "", "", kAuthenticated));
  ASSERT_TRUE(c.send(packet(kNoop, "", "", "", 3).bytes()));
  EXPECT_EQ(next(c), want(kNoop, kSuccess, 3));
}

TEST_P(AuthSaslTest, StepWithoutAuthIsRefused) {
  TestClient c = connect();
  ASSERT_TRUE(c.send(packet(kSaslStep, "PLAIN", "", plain("alice", "secret"), 1).bytes()));
  EXPECT_EQ(next(c), want(kSaslStep, kAuthError, 1, "", "", kAuthFailure));
}

TEST_P(AuthSaslTest, FailedReauthenticationDropsTheSession) {
  TestClient c = connect();
  EXPECT_EQ(auth(c, plain("alice", "secret"), 1), ok(1));
  EXPECT_EQ(auth(c, plain("alice", "wrong"), 2), refused(2));
  ASSERT_TRUE(c.send(packet(kNoop, "", "", "", 3).bytes()));
  EXPECT_EQ(next(c), want(kNoop, kAuthError, 3, "", "", kAuthFailure));
}

TEST_P(AuthSaslTest, AttemptsAreCounted) {
  TestClient c = connect();
  EXPECT_EQ(auth(c, plain("alice", "wrong"), 1), refused(1));
  EXPECT_EQ(auth(c, plain("alice", "secret"), 2), ok(2));
  ASSERT_TRUE(c.send(packet(kStat, "", "", "", 3).bytes()));
  std::map<std::string, std::string> stats;
  for (int i = 0; i < 500; ++i) {
    auto r = read_response(c);
    ASSERT_TRUE(r);
    if (r->key.empty()) break;
    stats[r->key] = r->value;
  }
  EXPECT_EQ(stats["auth_cmds"], "2");
  EXPECT_EQ(stats["auth_errors"], "1");
}

// ringcache also reads the password file from $MEMCACHED_SASL_PWDB, as memcached does when
// built with its own password-database support (Debian's uses cyrus instead).
TEST(AuthSaslEnvTest, PasswordFileFromTheEnvironment) {
  ServerSpec spec = ringcache_spec();
  if (!binary_exists(spec.binary)) GTEST_SKIP() << "ringcache-node not built";
  AuthFiles files(AuthFiles::Users{{"carol", "pw"}});
  ASSERT_FALSE(files.password_file().empty()) << files.error();
  spec.env.push_back("MEMCACHED_SASL_PWDB=" + files.password_file());
  ServerProcess server(spec, {"-S"});
  ASSERT_TRUE(server.started()) << server.error();
  TestClient c(server.port());
  ASSERT_TRUE(c.connected()) << c.error();
  ASSERT_TRUE(c.send(packet(kSaslAuth, "PLAIN", "", plain("carol", "nope"), 1).bytes()));
  EXPECT_EQ(next(c), want(kSaslAuth, kAuthError, 1, "", "", kAuthFailure));
  ASSERT_TRUE(c.send(packet(kSaslAuth, "PLAIN", "", plain("carol", "pw"), 2).bytes()));
  EXPECT_EQ(next(c), want(kSaslAuth, kSuccess, 2, "", "", kAuthenticated));
  EXPECT_EQ(server.stop(), "");
}

}  // namespace
}  // namespace ringcache::integration
