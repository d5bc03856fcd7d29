#include "node/auth/sasl_session.h"

#include <gtest/gtest.h>

#include <string>

namespace ringcache::node {
namespace {

using Outcome = SaslSession::Outcome;

PasswordFile passwords() {
  return *PasswordFile::parse("alice:secret\n", PasswordFile::Format::kSaslPwdb, nullptr);
}

std::string plain(std::string_view authz, std::string_view user, std::string_view pass) {
  return std::string(authz) + '\0' + std::string(user) + '\0' + std::string(pass);
}

TEST(SaslPlainTest, AcceptsOnlyWellFormedMatchingMessages) {
  const PasswordFile pw = passwords();
  EXPECT_TRUE(sasl_plain_check(plain("", "alice", "secret"), pw));
  EXPECT_TRUE(sasl_plain_check(plain("alice", "alice", "secret"), pw));
  EXPECT_FALSE(sasl_plain_check(plain("bob", "alice", "secret"), pw));  // no proxy authz
  EXPECT_FALSE(sasl_plain_check(plain("", "alice", "bad"), pw));
  EXPECT_FALSE(sasl_plain_check(plain("", "alice", "secret") + '\0', pw));
  EXPECT_FALSE(sasl_plain_check("alicesecret", pw));
  EXPECT_FALSE(sasl_plain_check(std::string("\0alice", 6), pw));
  EXPECT_FALSE(sasl_plain_check("", pw));
}

TEST(SaslSessionTest, AuthWithInitialResponseDecidesAtOnce) {
  const PasswordFile pw = passwords();
  SaslSession s;
  EXPECT_EQ(s.start("PLAIN", plain("", "alice", "bad"), &pw), Outcome::kFail);
  EXPECT_FALSE(s.authenticated());
  EXPECT_EQ(s.start("plain", plain("", "alice", "secret"), &pw), Outcome::kOk);
  EXPECT_TRUE(s.authenticated());
  // A step after the exchange finished fails and logs the connection out.
  EXPECT_EQ(s.step(plain("", "alice", "secret"), &pw), Outcome::kFail);
  EXPECT_FALSE(s.authenticated());
}

TEST(SaslSessionTest, AuthWithoutDataAsksForAStep) {
  const PasswordFile pw = passwords();
  SaslSession s;
  EXPECT_EQ(s.step(plain("", "alice", "secret"), &pw), Outcome::kFail);  // nothing started
  EXPECT_EQ(s.start("PLAIN", "", &pw), Outcome::kContinue);
  EXPECT_EQ(s.step(plain("", "alice", "secret"), &pw), Outcome::kOk);
  EXPECT_TRUE(s.authenticated());
}

TEST(SaslSessionTest, UnknownMechanismListAndFailedRetryLogOut) {
  const PasswordFile pw = passwords();
  SaslSession s;
  EXPECT_EQ(s.start("CRAM-MD5", "x", &pw), Outcome::kFail);
  ASSERT_EQ(s.start("PLAIN", plain("", "alice", "secret"), &pw), Outcome::kOk);
  s.list_mechanisms();
  EXPECT_FALSE(s.authenticated());
  ASSERT_EQ(s.start("PLAIN", plain("", "alice", "secret"), &pw), Outcome::kOk);
  EXPECT_EQ(s.start("PLAIN", plain("", "alice", "nope"), &pw), Outcome::kFail);
  EXPECT_FALSE(s.authenticated());
  EXPECT_EQ(s.start("PLAIN", plain("", "alice", "secret"), nullptr), Outcome::kFail);
}

}  // namespace
}  // namespace ringcache::node
