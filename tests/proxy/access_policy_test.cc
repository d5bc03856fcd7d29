// The pure access check, table-driven: every text and meta command the proxy's front end
// parses (meta get with each flag that changes the item), against every role.
#include "proxy/access/policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/protocol/request_parser.h"

namespace ringcache::proxy::access {
namespace {

using common::Role;

struct Row {
  const char* bytes;
  Role need;
};

// Everything the front end accepts, with the least role that may run it.
const Row kTable[] = {
    {"get k\r\n", Role::kReadOnly},
    {"get a b c\r\n", Role::kReadOnly},
    {"gets k\r\n", Role::kReadOnly},
    {"gat 10 k\r\n", Role::kReadWrite},
    {"gats 10 k j\r\n", Role::kReadWrite},
    {"set k 0 0 1\r\nx\r\n", Role::kReadWrite},
    {"set k 0 0 1 noreply\r\nx\r\n", Role::kReadWrite},
    {"add k 0 0 1\r\nx\r\n", Role::kReadWrite},
    {"replace k 0 0 1\r\nx\r\n", Role::kReadWrite},
    {"append k 0 0 1\r\nx\r\n", Role::kReadWrite},
    {"prepend k 0 0 1\r\nx\r\n", Role::kReadWrite},
    {"cas k 0 0 1 7\r\nx\r\n", Role::kReadWrite},
    {"delete k\r\n", Role::kReadWrite},
    {"incr k 1\r\n", Role::kReadWrite},
    {"decr k 1\r\n", Role::kReadWrite},
    {"touch k 10\r\n", Role::kReadWrite},
    {"flush_all\r\n", Role::kAdmin},
    {"flush_all 10 noreply\r\n", Role::kAdmin},
    {"verbosity 1\r\n", Role::kAdmin},
    {"stats\r\n", Role::kReadOnly},
    {"stats proxy\r\n", Role::kReadOnly},
    {"stats settings\r\n", Role::kReadOnly},
    {"stats reset\r\n", Role::kAdmin},
    {"version\r\n", Role::kReadOnly},
    {"quit\r\n", Role::kReadOnly},
    {"shutdown\r\n", Role::kAdmin},
    {"mn\r\n", Role::kReadOnly},
    {"me k\r\n", Role::kReadOnly},
    {"mg k\r\n", Role::kReadOnly},
    {"mg k v f t c s k O9 q h l\r\n", Role::kReadOnly},
    {"mg k v N30\r\n", Role::kReadWrite},  // creates the item on a miss
    {"mg k v T30\r\n", Role::kReadWrite},  // changes its TTL
    {"mg k v R30\r\n", Role::kReadWrite},  // hands out the recache win token
    {"mg k v q N30 T30\r\n", Role::kReadWrite},
    {"ms k 1\r\nx\r\n", Role::kReadWrite},
    {"ms k 1 I T0 q\r\nx\r\n", Role::kReadWrite},
    {"md k\r\n", Role::kReadWrite},
    {"md k q I\r\n", Role::kReadWrite},
    {"ma k\r\n", Role::kReadWrite},
    {"ma k MD D2 N0\r\n", Role::kReadWrite},
};

constexpr Role kRoles[] = {Role::kReadOnly, Role::kReadWrite, Role::kAdmin};

// `bytes` must outlive the request (its views point into them).
common::Request parse(std::string_view bytes) {
  common::Request req;
  const auto protocol = common::detect_protocol(bytes);
  const auto r = common::parse_request(protocol, bytes, req, common::TextParserLimits{});
  EXPECT_EQ(r.status, common::ParseStatus::kOk) << bytes;
  EXPECT_EQ(r.consumed, bytes.size()) << bytes;
  return req;
}

std::vector<std::string_view> keys_of(const common::Request& req) {
  if (!req.keys.empty()) return req.keys;
  if (!req.key.empty()) return {req.key};
  return {};
}

TEST(AccessPolicyTest, EveryCommandAgainstEveryRole) {
  for (const Row& row : kTable) {
    const common::Request req = parse(row.bytes);
    EXPECT_EQ(required_role(req), row.need) << row.bytes;
    for (Role role : kRoles) {
      const Verdict want = role >= row.need ? Verdict::kAllow : Verdict::kDeny;
      EXPECT_EQ(check(req, keys_of(req), Grant{role, nullptr}), want)
          << row.bytes << " as " << common::to_string(role);
    }
  }
}

TEST(AccessPolicyTest, EachMutatingMetaGetFlagAloneNeedsReadWrite) {
  // E (new CAS value) is classified too, but memcached 1.6.18's mg, like the parser, refuses it.
  for (char flag : std::string_view("NTR")) {
    const std::string bytes = std::string("mg k v ") + flag + "5\r\n";
    const common::Request req = parse(bytes);
    EXPECT_EQ(check(req, keys_of(req), Grant{Role::kReadOnly, nullptr}), Verdict::kDeny) << flag;
    EXPECT_EQ(check(req, keys_of(req), Grant{Role::kReadWrite, nullptr}), Verdict::kAllow) << flag;
  }
}

TEST(AccessPolicyTest, ScopeBoundsReadsAndWrites) {
  const common::KeyScope scope = {"page:", "fragment:"};
  const Grant reader{Role::kReadOnly, &scope};
  const Grant writer{Role::kReadWrite, &scope};
  for (const char* bytes : {"get page:1\r\n", "mg fragment:x v\r\n", "me page:1\r\n"}) {
    const common::Request req = parse(bytes);
    EXPECT_EQ(check(req, keys_of(req), reader), Verdict::kAllow) << bytes;
  }
  for (const char* bytes : {"get secret:1\r\n", "mg pag v\r\n", "gets Page:1\r\n"}) {
    const common::Request req = parse(bytes);
    EXPECT_EQ(check(req, keys_of(req), reader), Verdict::kDeny) << bytes;
  }
  const common::Request set_in = parse("set page:1 0 0 1\r\nx\r\n");
  const common::Request set_out = parse("set user:1 0 0 1\r\nx\r\n");
  EXPECT_EQ(check(set_in, keys_of(set_in), writer), Verdict::kAllow);
  EXPECT_EQ(check(set_out, keys_of(set_out), writer), Verdict::kDeny);
  EXPECT_EQ(check(set_in, keys_of(set_in), reader), Verdict::kDeny);  // role first
  // An empty scope is no bound at all.
  const common::KeyScope none;
  EXPECT_EQ(check(set_out, keys_of(set_out), Grant{Role::kReadWrite, &none}), Verdict::kAllow);
}

TEST(AccessPolicyTest, MultiGetWithSomeKeysOutOfScopeIsTrimmed) {
  const common::KeyScope scope = {"page:"};
  const Grant reader{Role::kReadOnly, &scope};
  const common::Request req = parse("get page:1 secret page:2 other\r\n");
  std::vector<bool> allowed;
  EXPECT_EQ(check(req, keys_of(req), reader, &allowed), Verdict::kTrimmed);
  EXPECT_EQ(allowed, (std::vector<bool>{true, false, true, false}));
  const common::Request none_in = parse("get a b\r\n");
  EXPECT_EQ(check(none_in, keys_of(none_in), reader, &allowed), Verdict::kDeny);
  // gat trims too, once the role allows it.
  const common::Request gat = parse("gat 10 page:1 x\r\n");
  EXPECT_EQ(check(gat, keys_of(gat), Grant{Role::kReadWrite, &scope}, &allowed), Verdict::kTrimmed);
  EXPECT_EQ(check(gat, keys_of(gat), reader, &allowed), Verdict::kDeny);
}

TEST(AccessPolicyTest, CommandNamesForLogs) {
  EXPECT_EQ(command_name(common::Command::kSet), "set");
  EXPECT_EQ(command_name(common::Command::kFlushAll), "flush_all");
  EXPECT_EQ(command_name(common::Command::kMetaGet), "mg");
  EXPECT_EQ(command_name(common::Command::kMetaDebug), "me");
  EXPECT_EQ(command_name(common::Command::kSaslStep), "sasl_step");
}

}  // namespace
}  // namespace ringcache::proxy::access
