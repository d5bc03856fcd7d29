#include "node/auth/password_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "node/auth/credentials.h"

namespace ringcache::node {
namespace {

using Format = PasswordFile::Format;

TEST(PasswordFileTest, ChecksExactUserAndPassword) {
  std::string error;
  auto file = PasswordFile::parse("alice:secret\r\nbob:pa:ss\n\n", Format::kAuthFile, &error);
  ASSERT_TRUE(file) << error;
  EXPECT_EQ(file->size(), 2u);
  EXPECT_TRUE(file->check("alice", "secret"));
  EXPECT_TRUE(file->check("bob", "pa:ss"));  // -Y: the password runs to the end of line
  EXPECT_FALSE(file->check("alice", "secre"));
  EXPECT_FALSE(file->check("alice", "secret "));
  EXPECT_FALSE(file->check("alic", "secret"));
  EXPECT_FALSE(file->check("bob", "secret"));
  EXPECT_FALSE(file->check("", ""));
}

TEST(PasswordFileTest, SaslPwdbPasswordEndsAtAColon) {
  auto file = PasswordFile::parse("bob:pa:extra\n", Format::kSaslPwdb, nullptr);
  ASSERT_TRUE(file);
  EXPECT_TRUE(file->check("bob", "pa"));
  EXPECT_FALSE(file->check("bob", "pa:extra"));
}

TEST(PasswordFileTest, LineWithoutColonIsMalformed) {
  std::string error;
  EXPECT_FALSE(PasswordFile::parse("alice:x\nnocolon\n", Format::kAuthFile, &error));
  EXPECT_NE(error.find("malformed"), std::string::npos);
}

TEST(PasswordFileTest, LoadNamesTheFileOnError) {
  std::string error;
  EXPECT_FALSE(PasswordFile::load("/nonexistent/auth", Format::kAuthFile, &error));
  EXPECT_NE(error.find("[/nonexistent/auth]"), std::string::npos) << error;
}

TEST(PasswordFileTest, ConstantTimeEqualComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("ab", "abc"));
  EXPECT_FALSE(constant_time_equal(std::string_view("a\0", 2), "a"));
}

TEST(CredentialsTest, PicksTheFileTheSettingsName) {
  const std::string path = ::testing::TempDir() + "ringcache_creds_test";
  std::ofstream(path) << "carol:pw\n";
  Settings s;
  std::string error;
  EXPECT_FALSE(load_credentials(s, &error));  // neither -S nor -Y
  EXPECT_EQ(error, "");
  s.auth_file = path;
  auto y = load_credentials(s, &error);
  ASSERT_TRUE(y) << error;
  EXPECT_TRUE(y->check("carol", "pw"));
  s.auth_file.clear();
  s.sasl = true;
  s.sasl_pwdb = path;
  auto sasl = load_credentials(s, &error);
  ASSERT_TRUE(sasl) << error;
  EXPECT_TRUE(sasl->check("carol", "pw"));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace ringcache::node
