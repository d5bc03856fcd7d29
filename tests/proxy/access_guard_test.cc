// One connection's access state: memcached -Y authentication, optional authentication,
// denials, multi-get trimming, counters, and a reload changing the grant.
#include "proxy/access/access_guard.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/protocol/request_parser.h"
#include "proxy/access/password_hash.h"
#include "tests/proxy/access_test_util.h"

namespace ringcache::proxy::access {
namespace {

using common::Role;
using test::access_config;
using Action = AccessGuard::Action;

class AccessGuardTest : public ::testing::Test {
 protected:
  AccessGuard::Outcome run(AccessGuard& g, const common::ClusterConfig& c, uint64_t gen,
                           const std::string& bytes) {
    bytes_ = bytes;
    req_.clear();
    const auto r = common::parse_request(common::detect_protocol(bytes_), bytes_, req_,
                                         common::TextParserLimits{});
    EXPECT_EQ(r.status, common::ParseStatus::kOk) << bytes;
    return g.check(c, gen, req_);
  }
  // The reply of each request in `in`, fed to authenticate() as a session would.
  std::string auth_replies(AccessGuard& g, const common::ClusterConfig& c, std::string in) {
    std::string out;
    while (!in.empty() && g.awaiting_auth(c, 1)) {
      const AuthRequest r = g.authenticate(c, in);
      if (r.consumed == 0) break;
      out += r.reply;
      in.erase(0, r.consumed);
    }
    return out;
  }

  std::vector<std::string> logged_;
  AccessCounters counters_{[this](const std::string& l) { logged_.push_back(l); }};
  std::string bytes_;
  common::Request req_;
};

TEST_F(AccessGuardTest, RequiredAuthenticationAnswersAsMemcachedDashY) {
  const auto c = access_config(R"({"port": 1, "role": "read-only", "auth": "required"})");
  AccessGuard g(counters_, 0, "tcp:127.0.0.1:5000");
  EXPECT_TRUE(g.awaiting_auth(c, 1));
  EXPECT_EQ(auth_replies(g, c, "get k\r\nversion\r\nquit\r\n"),
            "CLIENT_ERROR unauthenticated\r\nCLIENT_ERROR unauthenticated\r\n"
            "CLIENT_ERROR unauthenticated\r\n");
  EXPECT_EQ(auth_replies(g, c, "set a 0 0 5\r\nnoone\r\n"),
            "CLIENT_ERROR bad authentication token format\r\n");
  EXPECT_EQ(auth_replies(g, c, "set a 0 0 10\r\napp wrong!\r\n"),
            "CLIENT_ERROR authentication failure\r\n");
  EXPECT_EQ(auth_replies(g, c, "set a 0 0 11\r\nnone s3cret\r\n"),
            "CLIENT_ERROR authentication failure\r\n");
  EXPECT_EQ(auth_replies(g, c, "set a 0 0 10\r\napp s3cret\r\n"), "STORED\r\n");
  EXPECT_FALSE(g.awaiting_auth(c, 1));
  EXPECT_EQ(g.user(), "app");
  // Now the user's grant: read-write within "app:".
  EXPECT_EQ(run(g, c, 1, "set app:1 0 0 1\r\nx\r\n").action, Action::kRun);
  EXPECT_EQ(run(g, c, 1, "set other 0 0 1\r\nx\r\n").reply, kAccessDenied);
  // A long line without a newline closes, as memcached does.
  AccessGuard g2(counters_, 0, "tcp:127.0.0.1:5001");
  const AuthRequest junk = g2.authenticate(c, std::string(kMaxAuthLine + 1, 'x'));
  EXPECT_TRUE(junk.close);
  // Incomplete: wait for more.
  EXPECT_EQ(g2.authenticate(c, "set a 0 0 10\r\napp").consumed, 0u);
  for (const std::string& line : logged_) {
    EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
    EXPECT_EQ(line.find("wrong!"), std::string::npos) << line;
  }
}

TEST_F(AccessGuardTest, OptionalAuthenticationIsTheFirstCommandOnly) {
  const auto c = access_config(R"({"port": 1, "role": "read-only", "auth": "optional"})");
  AccessGuard g(counters_, 0, "tcp:127.0.0.1:5000");
  EXPECT_FALSE(g.awaiting_auth(c, 1));
  EXPECT_EQ(run(g, c, 1, "set x 0 0 12\r\nops ops-pass\r\n").reply, kStored);
  EXPECT_EQ(run(g, c, 1, "flush_all\r\n").action, Action::kRun);  // admin now
  // Later sets are data, even when they look like credentials.
  EXPECT_EQ(run(g, c, 1, "set x 0 0 12\r\nops ops-pass\r\n").action, Action::kRun);

  AccessGuard anonymous(counters_, 0, "tcp:127.0.0.1:5001");
  EXPECT_EQ(run(anonymous, c, 1, "get k\r\n").action, Action::kRun);
  EXPECT_EQ(run(anonymous, c, 1, "set x 0 0 12\r\nops ops-pass\r\n").reply, kAccessDenied);

  AccessGuard wrong(counters_, 0, "tcp:127.0.0.1:5002");
  EXPECT_EQ(run(wrong, c, 1, "set x 0 0 9\r\nops guess\r\n").reply, kAuthFailure);
  EXPECT_EQ(run(wrong, c, 1, "flush_all\r\n").reply, kAccessDenied);
  // A first set whose value is not two words is a set (refused here: read-only).
  AccessGuard plain(counters_, 0, "tcp:127.0.0.1:5003");
  EXPECT_EQ(run(plain, c, 1, "set x 0 0 5\r\nhello\r\n").reply, kAccessDenied);
}

TEST_F(AccessGuardTest, DenialsAreCountedAndNoreplyGetsNoReply) {
  const auto c = access_config(R"({"port": 1, "role": "read-only"}, {"port": 2})");
  AccessGuard g(counters_, 0, "tcp:127.0.0.1:5000");
  EXPECT_EQ(run(g, c, 1, "set k 0 0 1\r\nx\r\n").reply, kAccessDenied);
  EXPECT_EQ(run(g, c, 1, "mg k v q T5\r\n").reply, kAccessDenied);  // q hides no error
  const auto quiet = run(g, c, 1, "set k 0 0 1 noreply\r\nx\r\n");
  EXPECT_EQ(quiet.action, Action::kReply);
  EXPECT_EQ(quiet.reply, "");
  EXPECT_EQ(run(g, c, 1, "get k\r\n").action, Action::kRun);
  EXPECT_EQ(counters_.denied_count(0, Role::kReadOnly), 3u);
  EXPECT_EQ(counters_.denied_count(1, Role::kReadWrite), 0u);
  AccessGuard rw(counters_, 1, "tcp:127.0.0.1:5001");
  EXPECT_EQ(run(rw, c, 1, "flush_all\r\n").reply, kAccessDenied);
  EXPECT_EQ(counters_.denied_count(1, Role::kReadWrite), 1u);
  EXPECT_EQ(counters_.denied_total(), 4u);
  std::string stats;
  counters_.write_stats(c, stats);
  EXPECT_NE(stats.find("STAT access_denied 4\r\n"), std::string::npos) << stats;
  EXPECT_NE(stats.find("STAT access_denied_0_read_only 3\r\n"), std::string::npos) << stats;
  EXPECT_NE(stats.find("STAT access_denied_1_read_write 1\r\n"), std::string::npos) << stats;
  EXPECT_NE(stats.find("STAT access_denied_1_admin 0\r\n"), std::string::npos) << stats;
  // Four denials within a second: one log line, the others counted in the next one.
  EXPECT_EQ(logged_.size(), 1u);
}

TEST_F(AccessGuardTest, MultiGetKeepsTheKeysInScope) {
  const auto c = access_config(R"({"port": 1, "role": "read-only", "scope": ["page:"]})");
  AccessGuard g(counters_, 0, "tcp:127.0.0.1:5000");
  const auto out = run(g, c, 1, "get page:1 secret page:2\r\n");
  EXPECT_EQ(out.action, Action::kRunTrimmed);
  EXPECT_EQ(req_.keys, (std::vector<std::string_view>{"page:1", "page:2"}));
  EXPECT_EQ(req_.key, "page:1");
  EXPECT_EQ(run(g, c, 1, "get secret\r\n").reply, kAccessDenied);
  // Base64 meta keys are checked decoded: "cGFnZTox" is "page:1", "c2VjcmV0" is "secret".
  EXPECT_EQ(run(g, c, 1, "mg cGFnZTox b v\r\n").action, Action::kRun);
  EXPECT_EQ(run(g, c, 1, "mg c2VjcmV0 b v\r\n").reply, kAccessDenied);
  EXPECT_EQ(counters_.denied_count(0, Role::kReadOnly), 3u);
}

TEST_F(AccessGuardTest, AReloadAppliesToTheNextCommand) {
  const auto open = access_config(R"({"port": 1, "role": "read-only",
      "rules": [{"cidr": "127.0.0.0/8", "role": "read-write"}]})");
  const auto tight = access_config(R"({"port": 1, "role": "read-only"})");
  AccessGuard g(counters_, 0, "tcp:127.0.0.1:5000");
  EXPECT_EQ(run(g, open, 1, "set k 0 0 1\r\nx\r\n").action, Action::kRun);
  EXPECT_EQ(run(g, tight, 2, "set k 0 0 1\r\nx\r\n").reply, kAccessDenied);
  EXPECT_EQ(run(g, open, 3, "set k 0 0 1\r\nx\r\n").action, Action::kRun);
}

TEST_F(AccessGuardTest, RemovedUserFallsBackAndMustAuthenticateAgain) {
  const auto with = access_config(R"({"port": 1, "auth": "required"})");
  common::ClusterConfig without = with;
  without.users.erase(without.users.begin());  // "app" is gone
  AccessGuard g(counters_, 0, "tcp:127.0.0.1:5000");
  const AuthRequest r = g.authenticate(with, "set a 0 0 10\r\napp s3cret\r\n");
  EXPECT_EQ(r.reply, kStored);
  EXPECT_FALSE(g.awaiting_auth(with, 1));
  EXPECT_TRUE(g.awaiting_auth(without, 2));
  EXPECT_EQ(g.user(), "");
}

TEST(PasswordHashTest, HashesVerifyAndAreSalted) {
  std::string error;
  const auto a = hash_password("correct horse", error);
  ASSERT_TRUE(a) << error;
  const auto b = hash_password("correct horse", error);
  ASSERT_TRUE(b) << error;
  EXPECT_NE(*a, *b);  // salted
  EXPECT_TRUE(a->starts_with("$y$") || a->starts_with("$6$")) << *a;
  EXPECT_TRUE(verify_password("correct horse", *a));
  EXPECT_FALSE(verify_password("correct horsE", *a));
  EXPECT_FALSE(verify_password("", *a));
  // openssl passwd -6 output works as it is.
  EXPECT_TRUE(verify_password("s3cret", test::kAppHash));
  EXPECT_FALSE(verify_password("s3cret", "not a hash"));
  EXPECT_FALSE(verify_password("s3cret", "$6$"));
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace ringcache::proxy::access
