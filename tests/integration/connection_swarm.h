// ConnectionSwarm: thousands of client connections driven from one thread, for load tests
// (10,000 concurrent clients, connection limits). Connections open in bulk; then one request
// goes out on each, and epoll collects every reply until it is complete, wrong, or late.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace ringcache::integration {

class ConnectionSwarm {
 public:
  using Text = std::function<std::string(std::size_t connection)>;

  /// Opens up to `count` connections to 127.0.0.1:port, stopping at the first failure or when
  /// `limit` passes; check opened() and error().
  ConnectionSwarm(int port, std::size_t count, std::chrono::milliseconds limit);
  ~ConnectionSwarm() { close_all(); }
  ConnectionSwarm(const ConnectionSwarm&) = delete;
  ConnectionSwarm& operator=(const ConnectionSwarm&) = delete;

  std::size_t opened() const { return fds_.size(); }
  const std::string& error() const { return error_; }

  /// Sends request(i) on every connection i, then reads until each one's reply equals
  /// expected(i), differs from it, or `limit` passes. Returns how many got exactly their
  /// reply; failures() describes the first few others.
  std::size_t exchange(const Text& request, const Text& expected, std::chrono::milliseconds limit);
  const std::vector<std::string>& failures() const { return failures_; }
  /// What each connection received during the latest exchange().
  const std::vector<std::string>& replies() const { return replies_; }

  void close_all();

 private:
  std::vector<int> fds_;
  std::string error_;
  std::vector<std::string> failures_;
  std::vector<std::string> replies_;
};

}  // namespace ringcache::integration
