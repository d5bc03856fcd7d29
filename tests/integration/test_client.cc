#include "tests/integration/test_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ringcache::integration {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr auto kMismatchGrace = std::chrono::milliseconds(100);

int remaining_ms(SteadyClock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

}  // namespace

TestClient::TestClient(int port, std::chrono::milliseconds timeout) : timeout_(timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    error_ = std::string("socket: ") + std::strerror(errno);
    return;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // Loopback connects finish (or are refused) at once, so blocking here is bounded.
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    error_ = "connect to port " + std::to_string(port) + ": " + std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    return;
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
}

TestClient::TestClient(TestClient&& other) noexcept
    : fd_(other.fd_),
      eof_(other.eof_),
      timeout_(other.timeout_),
      buffer_(std::move(other.buffer_)),
      error_(std::move(other.error_)) {
  other.fd_ = -1;
}

TestClient::~TestClient() { close(); }

bool TestClient::shutdown_write() { return fd_ >= 0 && ::shutdown(fd_, SHUT_WR) == 0; }

void TestClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool TestClient::recv_available() {
  bool got = false;
  char chunk[65536];
  while (!eof_) {
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
    if (n > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(n));
      got = true;
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      eof_ = true;  // orderly close or reset: either way nothing more will come
    } else if (errno != EINTR) {
      break;
    }
  }
  return got;
}

bool TestClient::fill(Deadline deadline) {
  if (fd_ < 0) return false;
  while (!eof_) {
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, remaining_ms(deadline));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    if (recv_available()) return true;
    if (SteadyClock::now() >= deadline) return false;
  }
  return false;
}

bool TestClient::send(std::string_view bytes) {
  if (fd_ < 0) return false;
  const Deadline until = deadline();
  while (!bytes.empty()) {
    pollfd p{fd_, POLLOUT | POLLIN, 0};
    int r = ::poll(&p, 1, remaining_ms(until));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      error_ = "send timed out";
      return false;
    }
    if (p.revents & POLLIN) recv_available();  // drain replies so the server never blocks
    if (!(p.revents & (POLLOUT | POLLERR | POLLHUP))) continue;
    ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) continue;
      error_ = std::string("send: ") + std::strerror(errno);
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string TestClient::take(std::size_t n) {
  n = std::min(n, buffer_.size());
  std::string out = buffer_.substr(0, n);
  buffer_.erase(0, n);
  return out;
}

std::string TestClient::read_exact(std::size_t n) {
  const Deadline until = deadline();
  while (buffer_.size() < n && fill(until)) {
  }
  return take(n);
}

std::string TestClient::read_until(std::string_view terminator) {
  const Deadline until = deadline();
  std::size_t searched = 0;
  for (;;) {
    std::size_t pos = buffer_.find(terminator, searched);
    if (pos != std::string::npos) return take(pos + terminator.size());
    searched = buffer_.size() >= terminator.size() ? buffer_.size() - terminator.size() + 1 : 0;
    if (!fill(until)) return take(buffer_.size());
  }
}

std::string TestClient::read_matching(std::string_view expected) {
  const Deadline until = deadline();
  for (;;) {
    std::size_t common = std::min(buffer_.size(), expected.size());
    if (std::string_view(buffer_).substr(0, common) != expected.substr(0, common)) {
      // Wrong reply: collect a little more so the failure message shows it whole.
      Deadline grace = SteadyClock::now() + kMismatchGrace;
      while (buffer_.size() < expected.size() && fill(grace)) {
      }
      return take(std::max(expected.size(), buffer_.size()));
    }
    if (buffer_.size() >= expected.size()) return take(expected.size());
    if (!fill(until)) return take(buffer_.size());
  }
}

std::string TestClient::read_for(std::chrono::milliseconds window) {
  const Deadline until = SteadyClock::now() + window;
  while (fill(until)) {
  }
  return take(buffer_.size());
}

bool TestClient::wait_closed() {
  const Deadline until = deadline();
  while (!eof_ && fd_ >= 0) {
    if (!fill(until) && !eof_) return false;
  }
  return eof_;
}

std::string TestClient::call(std::string_view request, std::string_view expected) {
  if (!send(request)) return "<send failed: " + error_ + ">";
  return read_matching(expected);
}

std::string TestClient::request(std::string_view request, std::string_view terminator) {
  if (!send(request)) return "<send failed: " + error_ + ">";
  return read_until(terminator);
}

std::string escape(std::string_view bytes) {
  std::string out;
  for (unsigned char ch : bytes) {
    if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\\') {
      out += "\\\\";
    } else if (ch < 0x20 || ch >= 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", ch);
      out += hex;
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out;
}

}  // namespace ringcache::integration
