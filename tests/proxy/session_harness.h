// A ProxySession over a FakePool of three nodes (127.0.0.2..4:11211, the hash ring's golden
// nodes: "key:2" -> .2, "foo" -> .3, "bar" -> .4), driven byte for byte.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "proxy/config/route_tree.h"
#include "proxy/server/proxy_session.h"
#include "proxy/server/worker.h"
#include "tests/proxy/fake_backend.h"

namespace ringcache::proxy::test {

inline common::ClusterConfig three_node_config(
    common::WriteFailoverReply mode = common::WriteFailoverReply::kNotStored) {
  common::ClusterConfig c;
  common::PoolConfig pool;
  pool.name = "main";
  for (const char* host : {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
    pool.nodes.push_back(common::RingNode{host, 11211, 1, ""});
  }
  c.pools.push_back(pool);
  // Admin: these tests drive every command, flush_all and verbosity included.
  c.listeners.push_back(common::ListenerConfig{"127.0.0.1", 22122, common::Role::kAdmin, "main"});
  c.write_failover_reply = mode;
  return c;
}

class SessionHarness : public ::testing::Test {
 protected:
  SessionHarness() { start(three_node_config()); }
  ~SessionHarness() override {
    if (session_) session_->on_close();
  }

  void start(common::ClusterConfig config, SessionLimits limits = {}) {
    if (session_) session_->on_close();
    session_.reset();
    worker_.reset();
    auto pool = std::make_unique<FakePool>();
    pool_ = pool.get();
    worker_ = std::make_unique<Worker>(0, shared_, std::move(pool));
    worker_->install(RouteTree::build(std::move(config)));
    session_ = std::make_shared<ProxySession>(*worker_, *control_, 0, limits);
  }

  /// Feeds `in` (all of it must be consumed) and returns everything written so far.
  std::string send(std::string_view in) {
    bool close = false;
    std::size_t used = session_->on_input(in, control_->output(), close);
    EXPECT_EQ(used, in.size());
    closed_ = closed_ || close;
    return control_->take();
  }
  /// Output written since the last look (by backend replies).
  std::string out() { return control_->take(); }
  /// Node i of the pool: 0 = 127.0.0.2, 1 = .3, 2 = .4.
  FakeBackend& node(int i) { return pool_->backend("127.0.0." + std::to_string(i + 2) + ":11211"); }

  uint64_t stat(Stat s) const { return (*shared_.counters[0])[s].get(); }

  ProxyShared shared_{1};
  std::shared_ptr<FakeControl> control_ = std::make_shared<FakeControl>();
  std::unique_ptr<Worker> worker_;
  std::shared_ptr<ProxySession> session_;
  FakePool* pool_ = nullptr;
  bool closed_ = false;
};

}  // namespace ringcache::proxy::test
