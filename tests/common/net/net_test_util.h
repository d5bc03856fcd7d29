// Helpers for the net tests: a blocking loopback client with deadlines, an echo handler,
// and a Server running on its own thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "common/net/server.h"
#include "common/net/session.h"

namespace ringcache::common::testing {

using namespace std::chrono_literals;

/// Echoes each complete '\n'-terminated line; "quit\n" closes after the replies so far.
class EchoHandler : public SessionHandler {
 public:
  std::size_t on_input(std::string_view in, std::string& out, bool& close) override {
    std::size_t done = 0;
    while (true) {
      auto nl = in.find('\n', done);
      if (nl == std::string_view::npos) return done;
      std::string_view line = in.substr(done, nl + 1 - done);
      done = nl + 1;
      if (line == "quit\n") {
        close = true;
        return done;
      }
      out.append(line);
    }
  }
};

/// A blocking client socket; every call is bounded by a deadline.
class Client {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  explicit Client(const std::string& unix_path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strncpy(a.sun_path, unix_path.c_str(), sizeof a.sun_path - 1);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void set_receive_buffer(int bytes) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  }

  bool send_all(std::string_view data, std::chrono::milliseconds timeout = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!data.empty()) {
      if (!wait(POLLOUT, deadline)) return false;
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  /// Sends without blocking; returns the bytes the kernel took.
  std::size_t send_some(std::string_view data) {
    ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  /// Reads until `bytes` arrived, EOF or the deadline.
  std::string read_exactly(std::size_t bytes, std::chrono::milliseconds timeout = 5000ms) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[65536];
    while (out.size() < bytes && wait(POLLIN, deadline)) {
      ssize_t n = ::recv(fd_, buf, std::min(sizeof buf, bytes - out.size()), 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }
  /// Reads until EOF (true) or the deadline (false); data goes to *out.
  bool read_to_eof(std::string* out, std::chrono::milliseconds timeout = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[65536];
    while (wait(POLLIN, deadline)) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
      if (out) out->append(buf, static_cast<std::size_t>(n));
    }
    return false;
  }

 private:
  bool wait(short events, std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, events, 0};
    return ::poll(&p, 1, static_cast<int>(left.count())) > 0;
  }

  int fd_ = -1;
  bool connected_ = false;
};

/// A Server on 127.0.0.1 (free port) running on its own thread; stopped and joined at scope end.
class RunningServer {
 public:
  RunningServer(ServerOptions options, Server::HandlerFactory factory, Server::Hooks hooks = {}) {
    if (options.listeners.empty()) options.listeners.push_back(ListenerSpec{});
    options.handle_signals = false;
    server_ = std::make_unique<Server>(std::move(options), std::move(factory), std::move(hooks));
    error_ = server_->open();
    if (!error_.empty()) return;
    for (const auto& l : server_->listeners()) {
      if (l.port > 0) {
        port_ = l.port;
        break;
      }
    }
    thread_ = std::thread([this] { exit_code_ = server_->run(); done_ = true; });
  }
  ~RunningServer() { stop_and_join(); }

  /// Stops, waits for run() to return; returns how long that took.
  std::chrono::milliseconds stop_and_join() {
    auto start = std::chrono::steady_clock::now();
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  }
  /// Polls `pred` until true or the timeout.
  static bool eventually(const std::function<bool()>& pred,
                         std::chrono::milliseconds timeout = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(2ms);
    }
    return pred();
  }

  Server& server() { return *server_; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  bool done() const { return done_; }
  int exit_code() const { return exit_code_; }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::string error_;
  int port_ = 0;
  std::atomic<bool> done_{false};
  std::atomic<int> exit_code_{-1};
};

inline Server::HandlerFactory echo_factory() {
  return [](SessionControl&, std::size_t) { return std::make_unique<EchoHandler>(); };
}

}  // namespace ringcache::common::testing
