// A NodeSession over a real Cache and a FakeClock, for driving the text protocol in tests.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "common/util/clock.h"
#include "node/exec/node_context.h"
#include "node/exec/node_session.h"
#include "node/server/settings.h"
#include "node/storage/cache.h"

namespace ringcache::node::exec_test {

class SessionHarness {
 public:
  explicit SessionHarness(Settings settings = {}) : settings_(std::move(settings)) {
    CacheOptions options;
    options.memory_limit = settings_.memory_limit;
    options.item_size_max = settings_.item_size_max;
    options.use_cas = settings_.use_cas;
    options.evict = settings_.evict;
    cache_ = std::make_unique<Cache>(options, clock_);
    context_.reset(new NodeContext{*cache_, settings_, clock_, connections_});
    context_->workers = {&worker_, &other_worker_};
    context_->start_time = clock_.now() - 100;
    context_->request_shutdown = [this] { ++shutdown_requests_; };
    context_->describe_connections = [](std::string& out) {
      out += "STAT 7:addr tcp:127.0.0.1:5555\r\nSTAT 7:state conn_parse_cmd\r\n";
    };
    session_ = std::make_unique<NodeSession>(*context_, worker_);
  }

  /// Feeds `in` in one call; expects all of it consumed and returns the replies.
  std::string send(std::string_view in) {
    std::string out;
    std::size_t used = session_->on_input(in, out, closed_);
    EXPECT_EQ(used, in.size()) << "input: " << in.substr(0, 80);
    return out;
  }

  /// Feeds `in` and returns how much was consumed (replies go to `out`).
  std::size_t feed(std::string_view in, std::string& out) {
    return session_->on_input(in, out, closed_);
  }

  /// `stats <group>` as a name -> value map.
  std::map<std::string, std::string> stats(std::string_view group = "") {
    std::string cmd = group.empty() ? "stats\r\n" : "stats " + std::string(group) + "\r\n";
    std::map<std::string, std::string> m;
    std::string out = send(cmd);
    std::size_t pos = 0;
    while (out.compare(pos, 5, "STAT ") == 0) {
      std::size_t eol = out.find("\r\n", pos);
      std::string line = out.substr(pos + 5, eol - pos - 5);
      std::size_t sp = line.find(' ');
      m[line.substr(0, sp)] = line.substr(sp + 1);
      pos = eol + 2;
    }
    EXPECT_EQ(out.substr(pos), "END\r\n");
    return m;
  }

  common::FakeClock& clock() { return clock_; }
  Cache& cache() { return *cache_; }
  NodeContext& context() { return *context_; }
  WorkerStats& worker() { return worker_; }
  WorkerStats& other_worker() { return other_worker_; }
  ConnectionStats& connections() { return connections_; }
  bool closed() const { return closed_; }
  int shutdown_requests() const { return shutdown_requests_; }

 private:
  common::FakeClock clock_;
  Settings settings_;
  std::unique_ptr<Cache> cache_;
  ConnectionStats connections_;
  WorkerStats worker_;
  WorkerStats other_worker_;
  std::unique_ptr<NodeContext> context_;
  std::unique_ptr<NodeSession> session_;
  bool closed_ = false;
  int shutdown_requests_ = 0;
};

}  // namespace ringcache::node::exec_test
