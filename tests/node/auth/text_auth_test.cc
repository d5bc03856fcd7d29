#include "node/auth/text_auth.h"

#include <gtest/gtest.h>

#include <string>

namespace ringcache::node {
namespace {

using common::ParseStatus;

PasswordFile passwords() {
  return *PasswordFile::parse("alice:secret\n", PasswordFile::Format::kAuthFile, nullptr);
}

TEST(TextAuthTest, RightPairAnswersStored) {
  const PasswordFile pw = passwords();
  const std::string in = "set anykey 5 0 12\r\nalice secret\r\nget x\r\n";
  TextAuthResult r = parse_text_auth(in, &pw);
  EXPECT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(r.reply, "STORED");
  EXPECT_TRUE(r.attempted);
  EXPECT_TRUE(r.authenticated);
  EXPECT_EQ(in.substr(r.consumed), "get x\r\n");
}

TEST(TextAuthTest, RepliesAsMemcachedDoes) {
  const PasswordFile pw = passwords();
  struct Case { const char* in; const char* reply; bool attempted; };
  for (Case c : {Case{"get foo\r\n", "CLIENT_ERROR unauthenticated", false},
                 Case{"set a 0 12\r\n", "CLIENT_ERROR unauthenticated", false},
                 Case{"set a 0 0 x\r\n", "CLIENT_ERROR unauthenticated", false},
                 Case{"\x80\x0a", "CLIENT_ERROR unauthenticated", false},
                 Case{"set a 0 0 9\r\nalice bad\r\n", "CLIENT_ERROR authentication failure", true},
                 Case{"set a 0 0 5\r\nalice\r\n", "CLIENT_ERROR bad authentication token format", false},
                 Case{"set a 0 0 12\r\nalice secretXX", "CLIENT_ERROR bad command line termination", false},
                 Case{"set a 0 0 13\r\nalice secret \r\n", "STORED", true},
                 Case{"set a 0 0 12 noreply\r\nalice secret\r\n", "STORED", true},
                 Case{"set a 0 0 12\nalice secret\r\n", "STORED", true}}) {
    TextAuthResult r = parse_text_auth(c.in, &pw);
    EXPECT_EQ(r.status, ParseStatus::kOk) << c.in;
    EXPECT_EQ(r.reply, c.reply) << c.in;
    EXPECT_EQ(r.attempted, c.attempted) << c.in;
    EXPECT_FALSE(r.close) << c.in;
  }
}

TEST(TextAuthTest, WaitsForTheWholeRequest) {
  const PasswordFile pw = passwords();
  const std::string in = "set a 0 0 12\r\nalice secret\r\n";
  for (std::size_t cut = 0; cut < in.size(); ++cut) {
    TextAuthResult r = parse_text_auth(in.substr(0, cut), &pw);
    EXPECT_EQ(r.status, ParseStatus::kNeedMore) << cut;
    EXPECT_EQ(r.consumed, 0u);
  }
  EXPECT_EQ(parse_text_auth(in, &pw).consumed, in.size());
}

TEST(TextAuthTest, UnboundedInputCloses) {
  const PasswordFile pw = passwords();
  EXPECT_TRUE(parse_text_auth(std::string(kMaxTextAuthLine + 1, 'x'), &pw).close);
  EXPECT_EQ(parse_text_auth(std::string(kMaxTextAuthLine, 'x'), &pw).status,
            ParseStatus::kNeedMore);
  EXPECT_TRUE(parse_text_auth("set a 0 0 999999\r\n", &pw).close);
}

}  // namespace
}  // namespace ringcache::node
