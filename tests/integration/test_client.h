// TestClient: a blocking TCP client for byte-level protocol tests. Every operation waits at
// most the client's timeout, so no test can hang on a server that stays silent.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace ringcache::integration {

class TestClient {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{5000};

  /// Connects to 127.0.0.1:port; check connected() (error() says why not).
  explicit TestClient(int port, std::chrono::milliseconds timeout = kDefaultTimeout);
  ~TestClient();
  TestClient(TestClient&& other) noexcept;
  TestClient& operator=(TestClient&&) = delete;
  TestClient(const TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  const std::string& error() const { return error_; }
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

  /// Sends all of `bytes`, reading replies meanwhile (kept for later reads) so that a deep
  /// pipeline cannot deadlock on full socket buffers. False on error or timeout.
  bool send(std::string_view bytes);
  /// Exactly n bytes, or fewer when the timeout or EOF came first.
  std::string read_exact(std::size_t n);
  /// One line including its "\r\n" (or what arrived before the timeout/EOF).
  std::string read_line() { return read_until("\r\n"); }
  /// Everything up to and including the first `terminator`.
  std::string read_until(std::string_view terminator);
  /// Reads as many bytes as `expected` has, but returns early (after a short grace for more
  /// bytes) once what arrived differs from it, so a wrong reply fails fast.
  std::string read_matching(std::string_view expected);
  /// Everything that arrives within `window` (for "no reply was sent" checks).
  std::string read_for(std::chrono::milliseconds window);
  /// True when the peer closes the connection (EOF or reset) within the timeout.
  bool wait_closed();

  /// send(request) then read_matching(expected).
  std::string call(std::string_view request, std::string_view expected);
  /// send(request) then read_until(terminator).
  std::string request(std::string_view request, std::string_view terminator = "\r\n");

  /// Half-closes: the peer reads EOF after what was sent; replies can still be read.
  bool shutdown_write();

  void close();

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  // Waits for input until `deadline` and appends it to buffer_; false on timeout/EOF/error.
  bool fill(Deadline deadline);
  bool recv_available();
  std::string take(std::size_t n);
  Deadline deadline() const { return std::chrono::steady_clock::now() + timeout_; }

  int fd_ = -1;
  bool eof_ = false;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
  std::string error_;
};

/// Renders bytes with \r \n \0 and other control bytes escaped, for failure messages.
std::string escape(std::string_view bytes);

}  // namespace ringcache::integration
