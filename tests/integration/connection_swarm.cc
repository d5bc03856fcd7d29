#include "tests/integration/connection_swarm.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tests/integration/test_client.h"

namespace ringcache::integration {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kFailuresKept = 10;

int connect_loopback(int port, std::string& error) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    error = std::string("connect: ") + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0 && errno != EINTR) return false;
    sent += n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  return true;
}

}  // namespace

ConnectionSwarm::ConnectionSwarm(int port, std::size_t count, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  fds_.reserve(count);
  while (fds_.size() < count) {
    if (Clock::now() > deadline) {
      error_ = "opened only " + std::to_string(fds_.size()) + " connections in time";
      return;
    }
    const int fd = connect_loopback(port, error_);
    if (fd < 0) return;
    fds_.push_back(fd);
  }
}

void ConnectionSwarm::close_all() {
  for (int fd : fds_) ::close(fd);
  fds_.clear();
}

std::size_t ConnectionSwarm::exchange(const Text& request, const Text& expected,
                                      std::chrono::milliseconds limit) {
  failures_.clear();
  const auto fail = [this](std::size_t i, const std::string& what) {
    if (failures_.size() < kFailuresKept)
      failures_.push_back("connection " + std::to_string(i) + ": " + what);
  };
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<std::string> want(fds_.size());
  std::vector<std::string>& got = replies_;
  got.assign(fds_.size(), "");
  std::size_t pending = 0;
  for (std::size_t i = 0; i < fds_.size(); ++i) {
    want[i] = expected(i);
    if (!send_all(fds_[i], request(i))) {
      fail(i, "send failed");
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, fds_[i], &ev);
    ++pending;
  }
  std::size_t correct = 0;
  const auto deadline = Clock::now() + limit;
  std::vector<epoll_event> events(256);
  char buf[4096];
  while (pending > 0 && Clock::now() < deadline) {
    const int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
    for (int e = 0; e < n; ++e) {
      const std::size_t i = events[e].data.u64;
      const ssize_t r = ::recv(fds_[i], buf, sizeof(buf), 0);
      if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (r > 0) got[i].append(buf, static_cast<std::size_t>(r));
      const bool complete = got[i] == want[i];
      const bool wrong = r <= 0 || got[i].size() > want[i].size() ||
                         want[i].compare(0, got[i].size(), got[i]) != 0;
      if (!complete && !wrong) continue;
      if (complete)
        ++correct;
      else
        fail(i, "reply " + escape(got[i]) + (r <= 0 ? " then closed" : "") + ", expected " +
                    escape(want[i]));
      ::epoll_ctl(ep, EPOLL_CTL_DEL, fds_[i], nullptr);
      --pending;
    }
  }
  if (pending > 0) fail(0, std::to_string(pending) + " replies missing at the deadline");
  ::close(ep);
  return correct;
}

}  // namespace ringcache::integration
