// Access policies through ringcache-proxy (DESIGN.md §4): the test cluster's listeners are
// read-write (listener 0), admin (1) and read-only (2); tests add rules, scopes and users by
// rewriting the configuration, which the proxy applies live. What a refused write would have
// changed is checked on the nodes themselves.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/proxy_traffic.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using std::chrono::milliseconds;
constexpr const char* kDenied = "CLIENT_ERROR access denied\r\n";
/// openssl passwd -6 -salt opssalt0 ops-pass
constexpr const char* kOpsHash =
    "$6$opssalt0$wbHZedpQvCnXNgrj..d1SG4BoepngYpuDxMFBj8vRZsHxCusDocehKpVCMwFZ1i48sL5C8NO/okttnDVpn7jv0";
constexpr std::size_t kReadWrite = 0, kReadOnly = 2;

class ProxyAccessTest : public ProxyTest {
 protected:
  // Rewrites the configuration with `read_write` and `read_only` merged into those listeners
  // (and user "ops", admin), then waits until the proxy applied it.
  void apply(const std::string& read_write, const std::string& read_only) {
    nlohmann::json j = nlohmann::json::parse(cluster().config_json({0, 1, 2}));
    j["listeners"][kReadWrite].update(nlohmann::json::parse(read_write));
    j["listeners"][kReadOnly].update(nlohmann::json::parse(read_only));
    j["users"] = nlohmann::json::array(
        {{{"name", "ops"}, {"password_hash", kOpsHash}, {"role", "admin"}}});
    const uint64_t before = stat("proxy_config_reloads");
    cluster().replace_config(j.dump(2));
    ASSERT_TRUE(eventually(milliseconds(10'000), [&] { return stat("proxy_config_reloads") > before; }))
        << cluster().proxy().output();
  }
  uint64_t stat(const std::string& name) {
    TestClient admin = connect(cluster().admin_port());
    const std::string all = admin.request("stats\r\n", "END\r\n");
    const std::string line = "STAT " + name + " ";
    const auto at = all.find(line);
    return at == std::string::npos ? UINT64_MAX : std::stoull(all.substr(at + line.size()));
  }
  // Every node's view of `keys`: value, flags, TTL and CAS (any change moves the CAS).
  std::vector<std::string> node_state(const std::vector<std::string>& keys) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < cluster().node_count(); ++i) {
      TestClient n = cluster().connect_node(i);
      for (const std::string& k : keys) out.push_back(n.request("mg " + k + " v f t c\r\nmn\r\n", "MN\r\n"));
    }
    return out;
  }
};

// Every write the front end accepts, text and meta, on keys "w:0".."w:3" and "w:absent".
const char* const kWrites[] = {
    "set w:0 0 0 2\r\nno\r\n", "add w:absent 0 0 2\r\nno\r\n", "replace w:0 0 0 2\r\nno\r\n",
    "append w:1 0 0 2\r\nno\r\n", "prepend w:1 0 0 2\r\nno\r\n", "cas w:2 0 0 2 1\r\nno\r\n",
    "delete w:0\r\n", "incr w:n 1\r\n", "decr w:n 1\r\n", "touch w:3 100\r\n",
    "gat 100 w:3\r\n", "gats 100 w:0 w:1 w:2\r\n", "ms w:0 2\r\nno\r\n", "ms w:absent 2 q\r\nno\r\n",
    "md w:1\r\n", "md w:2 q\r\n", "ma w:n\r\n", "ma w:absent N0 J5\r\n",
    "mg w:absent v N30\r\n", "mg w:3 v T100\r\n", "mg w:3 v R30\r\n",
    "flush_all\r\n", "flush_all 0\r\n", "verbosity 1\r\n", "stats reset\r\n",
};

TEST_F(ProxyAccessTest, ReadOnlyListenerRefusesEveryWriteAndNoNodeChanges) {
  const std::vector<std::string> keys = {"w:0", "w:1", "w:2", "w:3", "w:n", "w:absent"};
  TestClient rw = connect();
  for (const char* k : {"w:0", "w:1", "w:2", "w:3"}) {
    EXPECT_REPLY(rw, "set " + std::string(k) + " 5 0 2\r\nhi\r\n", "STORED\r\n");
  }
  EXPECT_REPLY(rw, "set w:n 0 0 1\r\n7\r\n", "STORED\r\n");
  const std::vector<std::string> before = node_state(keys);

  TestClient ro = connect(cluster().read_only_port());
  uint64_t denials = 0;
  for (const char* write : kWrites) {
    EXPECT_REPLY(ro, write, kDenied);
    ++denials;
  }
  // noreply: refused and counted, without a reply.
  EXPECT_REPLY(ro, "set w:0 0 0 2 noreply\r\nno\r\nmn\r\n", "MN\r\n");
  ++denials;
  // Reads work on the same connection, text and meta, one key and many.
  EXPECT_REPLY(ro, "get w:0\r\n", "VALUE w:0 5 2\r\nhi\r\nEND\r\n");
  EXPECT_REPLY(ro, "get w:0 w:1 w:absent w:2 w:3\r\n",
               "VALUE w:0 5 2\r\nhi\r\nVALUE w:1 5 2\r\nhi\r\nVALUE w:2 5 2\r\nhi\r\n"
               "VALUE w:3 5 2\r\nhi\r\nEND\r\n");
  EXPECT_REPLY(ro, "mg w:1 v f\r\nmg w:absent v q\r\nmn\r\n", "VA 2 f5\r\nhi\r\nMN\r\n");
  const std::string gets = ro.request("gets w:n\r\n", "END\r\n");
  EXPECT_EQ(gets.rfind("VALUE w:n 0 1 ", 0), 0u) << escape(gets);
  EXPECT_EQ(ro.request("version\r\n").rfind("VERSION ", 0), 0u);

  EXPECT_EQ(node_state(keys), before) << "a refused write reached a node";
  // The read-write listener of the same proxy still writes.
  EXPECT_REPLY(rw, "set w:0 0 0 3\r\nnew\r\n", "STORED\r\n");
  EXPECT_REPLY(ro, "get w:0\r\n", "VALUE w:0 0 3\r\nnew\r\nEND\r\n");

  EXPECT_EQ(stat("access_denied_2_read_only"), denials);
  EXPECT_EQ(stat("access_denied"), denials);
  EXPECT_EQ(stat("access_denied_0_read_write"), 0u);
  EXPECT_NE(cluster().proxy().output().find("access denied: "), std::string::npos)
      << "denials are logged";
}

TEST_F(ProxyAccessTest, AnAdminUserCanFlush) {
  apply(R"({"auth": "optional"})", R"({"auth": "required"})");
  const std::vector<std::string> keys = numbered_keys("fl:", 20);
  ASSERT_EQ(cluster().set_all(keys, "v"), std::vector<std::string>{});
  TestClient anonymous = connect();
  EXPECT_REPLY(anonymous, "flush_all\r\n", kDenied);
  TestClient wrong = connect();
  EXPECT_REPLY(wrong, "set auth 0 0 12\r\nops ops-pazz\r\n",
               "CLIENT_ERROR authentication failure\r\n");
  EXPECT_REPLY(wrong, "flush_all\r\n", kDenied);
  // A read-only listener that requires authentication answers as memcached -Y does.
  TestClient ro = connect(cluster().read_only_port());
  EXPECT_REPLY(ro, "get fl:1\r\n", "CLIENT_ERROR unauthenticated\r\n");
  EXPECT_REPLY(ro, "set auth 0 0 12\r\nops ops-pass\r\n", "STORED\r\n");
  EXPECT_REPLY(ro, "get fl:1\r\n", "VALUE fl:1 0 5\r\nvfl:1\r\nEND\r\n");

  TestClient ops = connect();
  EXPECT_REPLY(ops, "set auth 0 0 12\r\nops ops-pass\r\n", "STORED\r\n");
  EXPECT_REPLY(ops, "flush_all\r\n", "OK\r\n");
  for (std::size_t i = 0; i < cluster().node_count(); ++i) {
    EXPECT_EQ(cluster().node_values(i, keys).size(), 0u) << "node " << i;
    EXPECT_EQ(cluster().node_values(i, {"auth"}).size(), 0u) << "an auth set is not stored";
  }
  EXPECT_EQ(stat("auth_cmds"), 3u);
  EXPECT_EQ(stat("auth_errors"), 1u);
  EXPECT_EQ(stat("access_denied_0_read_write"), 2u);
  EXPECT_EQ(cluster().proxy().output().find("ops-pa"), std::string::npos) << "a password was logged";
}

TEST_F(ProxyAccessTest, PrefixScopesHoldForSingleAndMultiKeyReads) {
  apply("{}", R"({"scope": ["page:", "fragment:"]})");
  const std::vector<std::string> pages = numbered_keys("page:", 6);
  const std::vector<std::string> secrets = numbered_keys("secret:", 6);
  ASSERT_EQ(cluster().set_all(pages, "p"), std::vector<std::string>{});
  ASSERT_EQ(cluster().set_all(secrets, "s"), std::vector<std::string>{});
  TestClient ro = connect(cluster().read_only_port());
  uint64_t denials = 0;
  EXPECT_REPLY(ro, "get page:1\r\n", "VALUE page:1 0 7\r\nppage:1\r\nEND\r\n");
  EXPECT_REPLY(ro, "get secret:1\r\n", kDenied);
  EXPECT_REPLY(ro, "gets secret:1 secret:2\r\n", kDenied);
  EXPECT_REPLY(ro, "mg secret:1 v\r\n", kDenied);
  EXPECT_REPLY(ro, "me secret:1\r\n", kDenied);
  EXPECT_REPLY(ro, "mg c2VjcmV0OjE= b v\r\n", kDenied);  // "secret:1", base64
  denials += 5;
  // "page:2", base64; set as text, so the node returns its key as it is.
  EXPECT_REPLY(ro, "mg cGFnZToy b v k\r\n", "VA 7 kpage:2\r\nppage:2\r\n");
  // Out-of-scope keys of a multi-get are misses, whether they exist or not.
  const std::string want =
      "VALUE page:0 0 7\r\nppage:0\r\nVALUE page:3 0 7\r\nppage:3\r\nVALUE page:5 0 7\r\n"
      "ppage:5\r\nEND\r\n";
  EXPECT_REPLY(ro, "get page:0 secret:0 page:3 secret:absent page:5 secret:4\r\n", want);
  EXPECT_REPLY(ro, "get page:0 secret:9 page:3 secret:8 page:5 secret:7\r\n", want);
  denials += 2;
  EXPECT_REPLY(ro, "get page:0 fragment:none\r\n", "VALUE page:0 0 7\r\nppage:0\r\nEND\r\n");
  EXPECT_EQ(stat("access_denied_2_read_only"), denials);
}

TEST_F(ProxyAccessTest, TighteningARuleAppliesToConnectedClients) {
  apply("{}", R"({"rules": [{"cidr": "127.0.0.0/8", "role": "read-write"}]})");
  TestClient ro = connect(cluster().read_only_port());
  TestClient rw = connect();
  EXPECT_REPLY(ro, "set t:1 0 0 1\r\na\r\n", "STORED\r\n");
  EXPECT_REPLY(rw, "set t:2 0 0 1\r\na\r\n", "STORED\r\n");
  // The same connections, after the reload: the rule now gives read-only, and the
  // read-write listener's own rule takes its writes away too.
  apply(R"({"rules": [{"cidr": "127.0.0.1", "role": "read-only"}]})",
        R"({"rules": [{"cidr": "127.0.0.0/8", "role": "read-only"}]})");
  EXPECT_REPLY(ro, "set t:1 0 0 1\r\nb\r\n", kDenied);
  EXPECT_REPLY(rw, "set t:2 0 0 1\r\nb\r\n", kDenied);
  EXPECT_REPLY(ro, "get t:1 t:2\r\n", "VALUE t:1 0 1\r\na\r\nVALUE t:2 0 1\r\na\r\nEND\r\n");
  // Loosening works the same way.
  apply("{}", "{}");
  EXPECT_REPLY(rw, "set t:2 0 0 1\r\nc\r\n", "STORED\r\n");
  EXPECT_REPLY(ro, "set t:1 0 0 1\r\nc\r\n", kDenied);  // the listener's own role again
}

}  // namespace
}  // namespace ringcache::integration
