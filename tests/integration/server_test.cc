#include "tests/integration/server_test.h"

#include <cstdlib>

namespace ringcache::integration {

std::vector<ServerSpec> all_servers() { return {memcached_spec(), ringcache_spec()}; }

std::string server_name(const ::testing::TestParamInfo<ServerSpec>& info) {
  return info.param.name;
}

void ServerTest::SetUp() {
  const ServerSpec spec = server_spec();
  if (!binary_exists(spec.binary)) {
    GTEST_SKIP() << spec.name << " binary not found at '" << spec.binary << "'";
  }
  server_ = std::make_unique<ServerProcess>(spec, server_args());
  ASSERT_TRUE(server_->started()) << server_->error();
}

void ServerTest::TearDown() {
  if (!server_) return;
  EXPECT_EQ(server_->stop(), "") << "the server must survive the test and stop on SIGTERM";
}

TestClient ServerTest::connect() {
  TestClient client(server_->port());
  EXPECT_TRUE(client.connected()) << client.error();
  return client;
}

std::unique_ptr<ServerProcess> ServerTest::start_other(std::vector<std::string> args) {
  auto other = std::make_unique<ServerProcess>(server_spec(), std::move(args));
  EXPECT_TRUE(other->started()) << other->error();
  return other;
}

std::map<std::string, std::string> stats(TestClient& client, const std::string& sub) {
  std::string cmd = sub.empty() ? "stats\r\n" : "stats " + sub + "\r\n";
  std::string reply = client.request(cmd, "END\r\n");
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < reply.size()) {
    std::size_t eol = reply.find("\r\n", pos);
    if (eol == std::string::npos) return {};
    std::string line = reply.substr(pos, eol - pos);
    pos = eol + 2;
    if (line == "END") return out;
    if (line.rfind("STAT ", 0) != 0) return {};
    std::size_t sp = line.find(' ', 5);
    if (sp == std::string::npos) return {};
    out[line.substr(5, sp - 5)] = line.substr(sp + 1);
  }
  return {};
}

long long stat_int(const std::map<std::string, std::string>& s, const std::string& name) {
  auto it = s.find(name);
  if (it == s.end() || it->second.empty()) return -1;
  char* end = nullptr;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  return *end == '\0' ? v : -1;
}

std::string set_cmd(const std::string& key, const std::string& value, int exptime,
                    const std::string& extra) {
  return "set " + key + " 0 " + std::to_string(exptime) + " " + std::to_string(value.size()) +
         (extra.empty() ? "" : " " + extra) + "\r\n" + value + "\r\n";
}

}  // namespace ringcache::integration
