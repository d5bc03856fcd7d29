// Pipelining through ringcache-proxy: a thousand mixed commands for keys on every node, sent
// in one write, are answered completely and in order.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using ProxyPipelineTest = ProxyTest;

// Builds requests and, from a model of the cache, the replies memcached would send.
class Pipeline {
 public:
  void add(const std::string& request, const std::string& reply) {
    request_ += request;
    reply_ += reply;
    ++count_;
  }
  void set(const std::string& k, const std::string& v) {
    add(set_cmd(k, v), "STORED\r\n");
    model_[k] = v;
  }
  void set_noreply(const std::string& k, const std::string& v) {
    add(set_cmd(k, v, 0, "noreply"), "");
    model_[k] = v;
  }
  void get(const std::vector<std::string>& keys) {
    std::string req = "get";
    std::string rep;
    for (const auto& k : keys) {
      req += " " + k;
      if (auto it = model_.find(k); it != model_.end()) {
        rep +=
            "VALUE " + k + " 0 " + std::to_string(it->second.size()) + "\r\n" + it->second + "\r\n";
      }
    }
    add(req + "\r\n", rep + "END\r\n");
  }
  void mg(const std::string& k) {
    auto it = model_.find(k);
    add("mg " + k + " v\r\n", it == model_.end() ? "EN\r\n"
                                                 : "VA " + std::to_string(it->second.size()) +
                                                       "\r\n" + it->second + "\r\n");
  }
  void del(const std::string& k) {
    add("delete " + k + "\r\n", model_.erase(k) ? "DELETED\r\n" : "NOT_FOUND\r\n");
  }
  void incr(const std::string& k) {
    auto it = model_.find(k);
    if (it == model_.end()) return add("incr " + k + " 3\r\n", "NOT_FOUND\r\n");
    it->second = std::to_string(std::stoull(it->second) + 3);
    add("incr " + k + " 3\r\n", it->second + "\r\n");
  }

  const std::string& request() const { return request_; }
  const std::string& reply() const { return reply_; }
  int count() const { return count_; }

 private:
  std::map<std::string, std::string> model_;
  std::string request_;
  std::string reply_;
  int count_ = 0;
};

TEST_F(ProxyPipelineTest, ThousandMixedCommandsInOneWriteAnsweredInOrder) {
  const std::vector<std::string> keys = numbered_keys("p:", 50);
  Pipeline p;
  for (int i = 0; p.count() < 1000; ++i) {
    const std::string& k = keys[static_cast<std::size_t>(i * 7) % keys.size()];
    const std::string& k2 = keys[static_cast<std::size_t>(i * 3 + 1) % keys.size()];
    switch (i % 8) {
      case 0:
        p.set(k, "value-" + std::to_string(i));
        break;
      case 1:
        p.get({k, k2, "absent:" + k, k});
        break;
      case 2:
        p.mg(k2);
        break;
      case 3:
        p.set("n:" + k, std::to_string(i));
        break;
      case 4:
        p.incr("n:" + k2);
        break;
      case 5:
        p.del(k2);
        break;
      case 6:
        p.add("mn\r\n", "MN\r\n");
        break;
      default:
        p.set_noreply(k, "q" + std::to_string(i));
        p.get({k});
        break;
    }
  }
  TestClient c = connect();
  c.set_timeout(std::chrono::seconds(20));
  ASSERT_TRUE(c.send(p.request())) << c.error();
  const std::string got = c.read_matching(p.reply());
  if (got != p.reply()) {
    std::size_t at = 0;
    while (at < got.size() && at < p.reply().size() && got[at] == p.reply()[at]) ++at;
    const std::size_t from = at > 200 ? at - 200 : 0;
    FAIL() << "replies differ at byte " << at << " of " << p.reply().size() << " (got "
           << got.size() << ")\n  expected: " << escape(p.reply().substr(from, 400))
           << "\n  got:      " << escape(got.substr(from, 400));
  }
  // Nothing more follows.
  EXPECT_EQ(escape(c.read_for(std::chrono::milliseconds(100))), "");
}

TEST_F(ProxyPipelineTest, ManyClientsPipelineAtOnce) {
  constexpr int kClients = 8;
  std::vector<TestClient> clients;
  std::vector<std::string> expected;
  for (int n = 0; n < kClients; ++n) {
    clients.push_back(connect());
    clients.back().set_timeout(std::chrono::seconds(20));
    Pipeline p;
    for (int i = 0; i < 100; ++i) {
      const std::string k = "c" + std::to_string(n) + ":" + std::to_string(i % 17);
      p.set(k, std::to_string(i));
      p.get({k, "c" + std::to_string(n) + ":" + std::to_string((i + 5) % 17)});
    }
    ASSERT_TRUE(clients.back().send(p.request()));
    expected.push_back(p.reply());
  }
  for (int n = 0; n < kClients; ++n) {
    const std::string& want = expected[static_cast<std::size_t>(n)];
    EXPECT_TRUE(clients[static_cast<std::size_t>(n)].read_matching(want) == want) << "client " << n;
  }
}

}  // namespace
}  // namespace ringcache::integration
