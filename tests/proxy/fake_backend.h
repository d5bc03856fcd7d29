// Test doubles for the backend seam (proxy/backend/backend.h) and a SessionControl: a
// FakeBackend records each request and answers only when the test says so, in any order
// across backends, so tests can check ordering, splitting and failover without sockets.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/net/event_loop.h"
#include "common/net/session.h"
#include "common/protocol/response_parser.h"
#include "proxy/backend/backend.h"

namespace ringcache::proxy::test {

class FakeBackend final : public Backend {
 public:
  explicit FakeBackend(std::string address) : address_(std::move(address)) {}
  ~FakeBackend() override { fail_all(BackendStatus::kFailed); }

  void send(std::string_view request, common::ResponseExpect expect, ReplyCallback done) override {
    sent_.emplace_back(request);
    if (down_) {
      done(BackendResult{BackendStatus::kDown, {}, {}});
      return;
    }
    pending_.push_back({std::string(request), expect, std::move(done)});
  }
  bool is_down() const override { return down_; }
  const std::string& address() const override { return address_; }

  /// Answers the oldest pending request with `bytes` (parsed as the node's reply).
  void reply(const std::string& bytes) {
    ASSERT_FALSE(pending_.empty()) << address_ << ": no pending request";
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    BackendResult r;
    r.status = BackendStatus::kOk;
    r.bytes = bytes;
    auto parsed = common::parse_response(r.bytes, p.expect, r.response);
    ASSERT_EQ(parsed.status, common::ParseStatus::kOk) << bytes;
    p.done(std::move(r));
  }
  /// Fails the oldest pending request.
  void fail(BackendStatus status = BackendStatus::kFailed) {
    ASSERT_FALSE(pending_.empty()) << address_ << ": no pending request";
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    p.done(BackendResult{status, {}, {}});
  }
  void fail_all(BackendStatus status) {
    while (!pending_.empty()) fail(status);
  }
  void set_down(bool down) { down_ = down; }

  /// Every request ever sent, in order, and those still unanswered.
  const std::vector<std::string>& sent() const { return sent_; }
  std::size_t pending() const { return pending_.size(); }

 private:
  struct Pending {
    std::string request;
    common::ResponseExpect expect;
    ReplyCallback done;
  };
  std::string address_;
  bool down_ = false;
  std::vector<std::string> sent_;
  std::deque<Pending> pending_;
};

class FakePool final : public BackendPool {
 public:
  Backend& get(const std::string& address) override { return backend(address); }
  /// Like the real pool, a removed node's backend keeps its pending requests (see retired()).
  void retain(const std::vector<std::string>& addresses) override {
    ++retains_;
    for (auto it = backends_.begin(); it != backends_.end();) {
      bool keep = std::find(addresses.begin(), addresses.end(), it->first) != addresses.end();
      if (keep) {
        ++it;
        continue;
      }
      retired_.push_back(std::move(it->second));
      it = backends_.erase(it);
    }
  }
  /// The latest backend of `address` that a retain() removed (nullptr if none).
  FakeBackend* retired(const std::string& address) {
    for (auto it = retired_.rbegin(); it != retired_.rend(); ++it) {
      if ((*it)->address() == address) return it->get();
    }
    return nullptr;
  }
  FakeBackend& backend(const std::string& address) {
    auto& b = backends_[address];
    if (!b) b = std::make_unique<FakeBackend>(address);
    return *b;
  }
  bool has(const std::string& address) const { return backends_.count(address) > 0; }
  int retains() const { return retains_; }

 private:
  std::map<std::string, std::unique_ptr<FakeBackend>> backends_;
  std::vector<std::unique_ptr<FakeBackend>> retired_;
  int retains_ = 0;
};

class FakeControl final : public common::SessionControl,
                          public std::enable_shared_from_this<FakeControl> {
 public:
  std::string& output() override { return out_; }
  void flush() override { ++flushes_; }
  void pause_reading() override { paused_ = true; }
  void resume_reading() override { paused_ = false; }
  void close() override { closed_ = true; }
  void abort() override { closed_ = true; }
  bool is_open() const override { return !closed_; }
  std::size_t unsent_bytes() const override { return out_.size(); }
  const std::string& peer_address() const override { return peer_; }
  common::EventLoop& loop() override { return loop_; }
  std::weak_ptr<SessionControl> weak_control() override { return weak_from_this(); }

  /// Takes what was written so far.
  std::string take() { return std::exchange(out_, {}); }
  bool paused() const { return paused_; }
  int flushes() const { return flushes_; }

 private:
  common::EventLoop loop_;
  std::string out_;
  std::string peer_ = "tcp:127.0.0.1:40000";
  bool paused_ = false;
  bool closed_ = false;
  int flushes_ = 0;
};

}  // namespace ringcache::proxy::test
