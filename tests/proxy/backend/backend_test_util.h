// Helpers for the backend tests: an EventLoop on its own thread, a scriptable fake cache
// node on 127.0.0.1 (reply, delay, stay silent, split replies, refuse), and a collector of
// reply callbacks. Every wait is bounded.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/config/cluster_config.h"
#include "common/net/event_loop.h"
#include "proxy/backend/backend.h"

namespace ringcache::proxy::testing {

using namespace std::chrono_literals;

/// An EventLoop running on its own thread; stopped and joined at scope end.
class LoopThread {
 public:
  LoopThread() : thread_([this] { loop_.run(); }) {}
  ~LoopThread() {
    loop_.stop();
    thread_.join();
  }
  common::EventLoop& loop() { return loop_; }
  /// Runs fn on the loop thread and waits for it (at most 5 s).
  void run(std::function<void()> fn) {
    auto done = std::make_shared<std::promise<void>>();
    auto future = done->get_future();
    loop_.post([fn = std::move(fn), done] {
      fn();
      done->set_value();
    });
    if (future.wait_for(5s) != std::future_status::ready) ADD_FAILURE() << "loop task timed out";
  }

 private:
  common::EventLoop loop_;
  std::thread thread_;
};

/// Polls `pred` every 2 ms until true or the timeout.
inline bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 3s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return pred();
}

struct Reply {
  int tag = 0;
  BackendStatus status = BackendStatus::kFailed;
  std::string bytes;
  std::string first_value;  // the first VALUE item's data, if any
  std::chrono::steady_clock::time_point at;
};

/// Collects reply callbacks from the loop thread.
class Replies {
 public:
  ReplyCallback callback(int tag) {
    return [this, tag](BackendResult&& r) {
      Reply reply{tag, r.status, r.bytes, {}, std::chrono::steady_clock::now()};
      if (!r.response.items.empty()) reply.first_value = std::string(r.response.items[0].value);
      std::lock_guard lock(mutex_);
      replies_.push_back(std::move(reply));
      cv_.notify_all();
    };
  }
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout = 3s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return replies_.size() >= count; });
  }
  std::vector<Reply> all() {
    std::lock_guard lock(mutex_);
    return replies_;
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return replies_.size();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Reply> replies_;
};

/// A fake cache node: answers text requests from its own thread, as scripted.
class FakeNode {
 public:
  using Responder = std::function<std::string(const std::string& line)>;

  FakeNode() {
    listen_on(0);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeNode() {
    stop_ = true;
    thread_.join();
    for (auto& c : clients_) ::close(c.fd);
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  /// Replies: default is memcached-like (see default_reply); silent = read, never answer.
  void set_responder(Responder r) { with_lock([&] { responder_ = std::move(r); }); }
  void set_silent(bool silent) { with_lock([&] { silent_ = silent; }); }
  /// Send each reply in two halves this far apart.
  void set_split_pause(std::chrono::milliseconds pause) { with_lock([&] { split_ = pause; }); }
  /// Close the listener and every connection: connects are refused until listen_again().
  void go_away() { control([this] { close_all(); }); }
  void listen_again() { control([this] { listen_on(port_); }); }
  /// Close every accepted connection (the listener stays).
  void drop_connections() { control([this] { drop_clients(); }); }

  /// Every complete request line received, in order (all connections).
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  /// The bytes of each read() on a client connection.
  std::vector<std::string> reads() {
    std::lock_guard lock(mutex_);
    return reads_;
  }
  int accepted() const { return accepted_.load(); }
  /// Connections accepted and not closed yet (by either side).
  int open_connections() const { return open_.load(); }

  static std::string default_reply(const std::string& line) {
    if (line == "version") return "VERSION 1.6.18\r\n";
    if (line == "flush_all") return "OK\r\n";
    if (line.rfind("get ", 0) == 0) {  // every key hits except those starting "miss"
      std::string reply, keys = line.substr(4) + " ";
      for (std::size_t at = 0, end; (end = keys.find(' ', at)) != std::string::npos; at = end + 1) {
        std::string key = keys.substr(at, end - at), value = "v-" + key;
        if (key.empty() || key.rfind("miss", 0) == 0) continue;
        reply += "VALUE " + key + " 0 " + std::to_string(value.size()) + "\r\n" + value + "\r\n";
      }
      return reply + "END\r\n";
    }
    if (line.rfind("set ", 0) == 0) return "STORED\r\n";
    if (line.rfind("delete ", 0) == 0) return "DELETED\r\n";
    return "ERROR\r\n";
  }

 private:
  struct ClientConn {
    int fd;
    std::string in;
  };

  void with_lock(const std::function<void()>& fn) {
    std::lock_guard lock(mutex_);
    fn();
  }
  /// Runs fn on the node's thread and waits (bounded).
  void control(std::function<void()> fn) {
    std::promise<void> done;
    auto future = done.get_future();
    with_lock([&] { commands_.push_back([&] { fn(); done.set_value(); }); });
    if (future.wait_for(5s) != std::future_status::ready) ADD_FAILURE() << "fake node stuck";
  }

  void listen_on(int port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(listen_fd_, 64) != 0) {
      ADD_FAILURE() << "fake node cannot listen on port " << port;
      return;
    }
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
  }
  void drop_clients() {
    for (auto& c : clients_) ::close(c.fd);
    clients_.clear();
    open_ = 0;
  }
  void close_all() {
    drop_clients();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
  }

  void serve() {
    while (!stop_) {
      run_commands();
      std::vector<pollfd> fds;
      if (listen_fd_ >= 0) fds.push_back({listen_fd_, POLLIN, 0});
      for (auto& c : clients_) fds.push_back({c.fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 5) <= 0) continue;
      std::size_t i = 0;
      if (listen_fd_ >= 0 && (fds[i++].revents & POLLIN)) accept_one();
      std::vector<int> gone;
      for (; i < fds.size(); ++i) {
        if (fds[i].revents != 0 && !read_client(fds[i].fd)) gone.push_back(fds[i].fd);
      }
      for (int fd : gone) {
        std::erase_if(clients_, [fd](const ClientConn& c) { return c.fd == fd; });
        ::close(fd);
        open_.fetch_sub(1);
      }
    }
  }
  void run_commands() {
    std::vector<std::function<void()>> commands;
    with_lock([&] { commands.swap(commands_); });
    for (auto& c : commands) c();
  }
  void accept_one() {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    clients_.push_back({fd, {}});
    accepted_.fetch_add(1);
    open_.fetch_add(1);
  }
  bool read_client(int fd) {
    char buf[65536];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    auto it = std::find_if(clients_.begin(), clients_.end(), [fd](auto& c) { return c.fd == fd; });
    with_lock([&] { reads_.emplace_back(buf, static_cast<std::size_t>(n)); });
    it->in.append(buf, static_cast<std::size_t>(n));
    handle_requests(fd, it->in);
    return true;
  }
  void handle_requests(int fd, std::string& in) {
    while (true) {
      auto eol = in.find("\r\n");
      if (eol == std::string::npos) return;
      std::string line = in.substr(0, eol);
      std::size_t size = eol + 2;
      if (line.rfind("set ", 0) == 0) {  // "set k f e <bytes>": a data block follows
        std::size_t bytes = std::stoul(line.substr(line.rfind(' ') + 1));
        if (in.size() < size + bytes + 2) return;
        size += bytes + 2;
      }
      in.erase(0, size);
      std::string reply;
      bool silent;
      std::chrono::milliseconds split;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(line);
        silent = silent_;
        split = split_;
        reply = responder_ ? responder_(line) : default_reply(line);
      }
      if (!silent) send_reply(fd, reply, split);
    }
  }
  static void send_reply(int fd, const std::string& reply, std::chrono::milliseconds split) {
    if (split.count() > 0 && reply.size() > 1) {
      std::size_t half = reply.size() / 2;
      ::send(fd, reply.data(), half, MSG_NOSIGNAL);
      std::this_thread::sleep_for(split);
      ::send(fd, reply.data() + half, reply.size() - half, MSG_NOSIGNAL);
    } else {
      ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::vector<ClientConn> clients_;  // node thread only
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> open_{0};
  std::thread thread_;

  std::mutex mutex_;
  std::vector<std::function<void()>> commands_;  // guarded by mutex_
  std::vector<std::string> requests_;            // guarded
  std::vector<std::string> reads_;               // guarded
  Responder responder_;                          // guarded
  bool silent_ = false;                          // guarded
  std::chrono::milliseconds split_{0};           // guarded
};

/// A port on 127.0.0.1 with nothing listening (bound once, then closed): connects are refused.
inline int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

/// A one-pool configuration of `addresses` ("127.0.0.1:port") with quick timeouts.
inline common::ClusterConfig test_config(const std::vector<std::string>& addresses) {
  common::ClusterConfig c;
  common::PoolConfig pool;
  pool.name = "main";
  for (const auto& a : addresses) {
    common::RingNode n;
    n.host = a.substr(0, a.rfind(':'));
    n.port = static_cast<uint16_t>(std::stoi(a.substr(a.rfind(':') + 1)));
    pool.nodes.push_back(n);
  }
  c.pools.push_back(pool);
  c.timeouts.connect_ms = 500;
  c.timeouts.reply_ms = 200;
  c.failure_detection.consecutive_timeouts = 2;
  c.failure_detection.probe_backoff_min_ms = 20;
  c.failure_detection.probe_backoff_max_ms = 80;
  c.failure_detection.max_down_share = 1.0;
  return c;
}

}  // namespace ringcache::proxy::testing
