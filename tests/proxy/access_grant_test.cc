// Role resolution: credentials, else the first matching rule, else the listener's role.
#include "proxy/access/grant.h"

#include <gtest/gtest.h>

#include "tests/proxy/access_test_util.h"

namespace ringcache::proxy::access {
namespace {

using common::Role;
using test::access_config;

Identity from(const char* ip, const char* user = "") {
  return Identity{0, common::parse_ip(ip), user};
}

TEST(AccessGrantTest, FirstMatchingRuleThenListenerRole) {
  const auto c = access_config(R"({"port": 1, "role": "read-only", "scope": ["page:"],
      "rules": [{"cidr": "10.1.2.0/24", "role": "admin"},
                {"cidr": "10.1.0.0/16", "role": "read-write", "scope": ["a:"]},
                {"cidr": "10.0.0.0/8", "role": "read-only"}]})");
  // Overlapping blocks: the first in file order wins.
  EXPECT_EQ(resolve(c, from("10.1.2.3")).grant.role, Role::kAdmin);
  const Resolved rw = resolve(c, from("10.1.9.9"));
  EXPECT_EQ(rw.grant.role, Role::kReadWrite);
  ASSERT_NE(rw.grant.scope, nullptr);
  EXPECT_EQ(*rw.grant.scope, (common::KeyScope{"a:"}));
  EXPECT_EQ(resolve(c, from("10.200.0.1")).grant.role, Role::kReadOnly);
  EXPECT_TRUE(resolve(c, from("10.200.0.1")).grant.scope->empty());
  // No rule matches: the listener's role and scope.
  const Resolved def = resolve(c, from("192.0.2.1"));
  EXPECT_EQ(def.grant.role, Role::kReadOnly);
  EXPECT_EQ(*def.grant.scope, (common::KeyScope{"page:"}));
  EXPECT_FALSE(def.needs_auth);
  // An IPv4 client on a dual-stack socket shows up mapped; it matches IPv4 rules.
  EXPECT_EQ(resolve(c, from("::ffff:10.1.2.3")).grant.role, Role::kAdmin);
  EXPECT_EQ(resolve(c, Identity{0, std::nullopt, ""}).grant.role, Role::kReadOnly);
}

TEST(AccessGrantTest, CredentialsComeFirst) {
  const auto c = access_config(R"({"port": 1, "role": "read-only", "auth": "optional",
      "rules": [{"cidr": "127.0.0.0/8", "role": "read-write"}]})");
  const Resolved ops = resolve(c, from("127.0.0.1", "ops"));
  EXPECT_EQ(ops.grant.role, Role::kAdmin);
  const Resolved app = resolve(c, from("192.0.2.1", "app"));
  EXPECT_EQ(app.grant.role, Role::kReadWrite);
  EXPECT_EQ(*app.grant.scope, (common::KeyScope{"app:"}));
  // A user a reload removed: back to the rules, and the caller learns it.
  const Resolved gone = resolve(c, from("127.0.0.1", "former"));
  EXPECT_TRUE(gone.user_gone);
}

TEST(AccessGrantTest, RequiredAuthenticationWithoutCredentials) {
  const auto c = access_config(R"({"port": 1, "auth": "required"})");
  EXPECT_TRUE(resolve(c, from("127.0.0.1")).needs_auth);
  EXPECT_FALSE(resolve(c, from("127.0.0.1", "app")).needs_auth);
}

TEST(AccessGrantTest, PeerAddressesAsConnectionsPrintThem) {
  EXPECT_EQ(common::parse_peer_ip("tcp:10.0.0.1:40000"), common::parse_ip("10.0.0.1"));
  EXPECT_EQ(common::parse_peer_ip("tcp6:[::1]:40000"), common::parse_ip("::1"));
  EXPECT_EQ(common::parse_peer_ip("unix:/tmp/s"), std::nullopt);
  EXPECT_EQ(common::parse_peer_ip("tcp:nonsense:1"), std::nullopt);
}

TEST(AccessGrantTest, CidrBlocks) {
  std::string error;
  const auto v4 = common::parse_cidr("192.168.0.0/16", error);
  ASSERT_TRUE(v4) << error;
  EXPECT_TRUE(v4->contains(*common::parse_ip("192.168.255.1")));
  EXPECT_FALSE(v4->contains(*common::parse_ip("192.169.0.1")));
  EXPECT_FALSE(v4->contains(*common::parse_ip("::1")));
  const auto odd = common::parse_cidr("10.0.0.128/25", error);
  ASSERT_TRUE(odd) << error;
  EXPECT_TRUE(odd->contains(*common::parse_ip("10.0.0.200")));
  EXPECT_FALSE(odd->contains(*common::parse_ip("10.0.0.127")));
  const auto host = common::parse_cidr("2001:db8::1", error);
  ASSERT_TRUE(host) << error;
  EXPECT_TRUE(host->contains(*common::parse_ip("2001:db8::1")));
  EXPECT_FALSE(host->contains(*common::parse_ip("2001:db8::2")));
  const auto all = common::parse_cidr("0.0.0.0/0", error);
  ASSERT_TRUE(all) << error;
  EXPECT_TRUE(all->contains(*common::parse_ip("203.0.113.7")));
  for (const char* bad : {"10.0.0.1/33", "10.0.0.0/", "host/8", "10.0.0.1/8", "::1/129", ""}) {
    EXPECT_FALSE(common::parse_cidr(bad, error)) << bad;
  }
}

}  // namespace
}  // namespace ringcache::proxy::access
