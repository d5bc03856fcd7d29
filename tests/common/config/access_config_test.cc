// The access-policy parts of the cluster configuration: listeners' rules, scopes and auth,
// and users; every mistake reported with its JSON path.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/config/cluster_config.h"

namespace ringcache::common {
namespace {

constexpr const char* kHash = "$6$salt$0123456789abcdef";

std::string doc(const std::string& listener, const std::string& users = "") {
  std::string out = R"({"pools": [{"nodes": ["127.0.0.1:11211"]}], "listeners": [)" + listener + "]";
  if (!users.empty()) out += R"(, "users": )" + users;
  return out + "}";
}

std::vector<std::string> errors_of(const std::string& json) {
  std::vector<std::string> out;
  for (const ConfigError& e : parse_cluster_config(json).errors) out.push_back(e.to_string());
  return out;
}

using Errors = std::vector<std::string>;

TEST(AccessConfigTest, RulesScopesAuthAndUsers) {
  const auto r = parse_cluster_config(doc(
      R"({"port": 1, "role": "read-only", "scope": ["page:", "fragment:"], "auth": "optional",
          "rules": [{"cidr": "10.0.0.0/8", "role": "read-write"},
                    {"cidr": "::1", "role": "admin", "scope": ["x"]}]})",
      R"([{"name": "ops", "password_hash": ")" + std::string(kHash) +
          R"(", "role": "admin", "scope": ["a:"]}])"));
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  const ListenerConfig& l = r.config.listeners[0];
  EXPECT_EQ(l.role, Role::kReadOnly);
  EXPECT_EQ(l.scope, (KeyScope{"page:", "fragment:"}));
  EXPECT_EQ(l.auth, AuthMode::kOptional);
  ASSERT_EQ(l.rules.size(), 2u);
  EXPECT_EQ(l.rules[0].cidr.text, "10.0.0.0/8");
  EXPECT_EQ(l.rules[0].role, Role::kReadWrite);
  EXPECT_TRUE(l.rules[0].scope.empty());
  EXPECT_EQ(l.rules[1].role, Role::kAdmin);
  EXPECT_EQ(l.rules[1].scope, KeyScope{"x"});
  ASSERT_EQ(r.config.users.size(), 1u);
  const AccessUser* ops = r.config.find_user("ops");
  ASSERT_NE(ops, nullptr);
  EXPECT_EQ(ops->role, Role::kAdmin);
  EXPECT_EQ(ops->password_hash, kHash);
  EXPECT_EQ(ops->scope, KeyScope{"a:"});
  EXPECT_EQ(r.config.find_user("nobody"), nullptr);
}

TEST(AccessConfigTest, DefaultsAreOpen) {
  const auto r = parse_cluster_config(doc(R"({"port": 1})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.listeners[0].auth, AuthMode::kNone);
  EXPECT_TRUE(r.config.listeners[0].rules.empty());
  EXPECT_TRUE(r.config.listeners[0].scope.empty());
  EXPECT_TRUE(r.config.users.empty());
}

TEST(AccessConfigTest, RuleErrorsNameTheirPath) {
  EXPECT_EQ(errors_of(doc(R"({"port": 1, "rules": [{"cidr": "10.0.0.0/8", "role": "writer"}]})")),
            (Errors{"listeners[0].rules[0].role: expected one of \"read-only\" \"read-write\" "
                    "\"admin\""}));
  EXPECT_EQ(errors_of(doc(R"({"port": 1, "rules": [{"cidr": "10.0.0.1/8", "role": "admin"}]})")),
            (Errors{"listeners[0].rules[0].cidr: has address bits set past the /8 prefix"}));
  EXPECT_EQ(errors_of(doc(R"({"port": 1, "rules": [{"role": "admin"}, {"cidr": "x/1", "role": "admin"}]})")),
            (Errors{"listeners[0].rules[0].cidr: required",
                    "listeners[0].rules[1].cidr: expected an address or a block like "
                    "\"10.0.0.0/8\" or \"2001:db8::/32\""}));
  EXPECT_EQ(errors_of(doc(R"({"port": 1, "rules": [{"cidr": "::/0", "role": "admin", "ports": 1}]})")),
            (Errors{"listeners[0].rules[0].ports: unknown key"}));
  EXPECT_EQ(errors_of(doc(R"({"port": 1, "rules": []})")).size(), 1u);
}

TEST(AccessConfigTest, ScopeAndAuthErrors) {
  EXPECT_EQ(errors_of(doc(R"({"port": 1, "scope": ["ok:", "has space", "", 3]})")),
            (Errors{"listeners[0].scope[1]: expected a key prefix (1..250 characters, no spaces "
                    "or control characters)",
                    "listeners[0].scope[2]: expected a key prefix (1..250 characters, no spaces "
                    "or control characters)",
                    "listeners[0].scope[3]: expected a key prefix (1..250 characters, no spaces "
                    "or control characters)"}));
  EXPECT_EQ(errors_of(doc(R"({"port": 1, "auth": "sasl"})")),
            (Errors{"listeners[0].auth: expected one of \"none\" \"optional\" \"required\""}));
  EXPECT_EQ(errors_of(doc(R"({"port": 1, "auth": "required"})")),
            (Errors{"listeners[0].auth: \"required\" needs at least one entry in \"users\""}));
}

TEST(AccessConfigTest, UserErrorsNeverRepeatTheSecret) {
  const std::string user = R"({"name": "a", "password_hash": ")" + std::string(kHash) +
                           R"(", "role": "admin"})";
  EXPECT_EQ(errors_of(doc(R"({"port": 1})", "[" + user + "," + user + "]")),
            (Errors{"users[1].name: duplicate user \"a\" (also users[0])"}));
  const Errors plain =
      errors_of(doc(R"({"port": 1})", R"([{"name": "a", "password_hash": "hunter2", "role": "admin"}])"));
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].find("hunter2"), std::string::npos) << plain[0];
  EXPECT_EQ(plain[0].rfind("users[0].password_hash: expected a crypt(3) hash", 0), 0u) << plain[0];
  EXPECT_EQ(errors_of(doc(R"({"port": 1})", R"([{"name": "a b", "password_hash": "$6$s$h"}])")),
            (Errors{"users[0].role: required",
                    "users[0].name: expected 1..64 printable characters without spaces or ':'"}));
}

}  // namespace
}  // namespace ringcache::common
