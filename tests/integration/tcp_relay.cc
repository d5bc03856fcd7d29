#include "tests/integration/tcp_relay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <list>
#include <vector>

namespace ringcache::integration {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kTurn{10};
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxQueued = 8 * 1024 * 1024;  // per direction; stop reading beyond it

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Closes with a reset (no FIN handshake), as a peer that lost its state would.
void close_reset(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
  ::close(fd);
}

struct Chunk {
  Clock::time_point due;
  std::string bytes;
};

// One direction of a relayed connection: bytes read from `from`, waiting to go to `to`.
struct Pipe {
  int from = -1;
  int to = -1;
  std::deque<Chunk> queue;
  std::size_t queued = 0;
  std::size_t sent = 0;  // of queue.front()
  bool eof = false;      // `from` closed its side
  bool shut = false;     // and that was passed on

  bool due(Clock::time_point now) const { return !queue.empty() && queue.front().due <= now; }
};

struct Pair {
  Pipe up;    // client -> node
  Pipe down;  // node -> client
  unsigned generation = 0;
  bool failed = false;
  bool done() const { return failed || (up.shut && down.shut); }
};

// Reads what `p.from` has; false when the connection failed.
bool read_into(Pipe& p, Clock::time_point due, bool drop) {
  char buf[kReadChunk];
  const ssize_t n = ::recv(p.from, buf, sizeof(buf), 0);
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  if (n == 0) {
    p.eof = true;
    return true;
  }
  if (drop) return true;
  p.queue.push_back({due, std::string(buf, static_cast<std::size_t>(n))});
  p.queued += static_cast<std::size_t>(n);
  return true;
}

// Sends the chunks that are due; false when the connection failed.
bool write_due(Pipe& p, Clock::time_point now) {
  while (p.due(now)) {
    const std::string& b = p.queue.front().bytes;
    const ssize_t n = ::send(p.to, b.data() + p.sent, b.size() - p.sent, MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN || errno == EINTR;
    p.sent += static_cast<std::size_t>(n);
    if (p.sent < b.size()) return true;
    p.queued -= b.size();
    p.sent = 0;
    p.queue.pop_front();
  }
  if (p.eof && p.queue.empty() && !p.shut) {
    ::shutdown(p.to, SHUT_WR);
    p.shut = true;
  }
  return true;
}

}  // namespace

struct TcpRelay::Impl {
  std::list<Pair> pairs;
};

TcpRelay::TcpRelay(int target_port) : target_port_(target_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr = loopback(0);
  socklen_t len = sizeof(addr);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 256) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    error_ = std::string("relay listen: ") + std::strerror(errno);
    return;
  }
  set_nonblocking(listen_fd_);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { run(); });
}

TcpRelay::~TcpRelay() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void TcpRelay::set_partitioned(bool on) {
  if (partitioned_.exchange(on) && !on) ++reset_generation_;
}

void TcpRelay::run() {
  Impl impl;
  std::vector<pollfd> fds;
  while (!stop_) {
    const auto now = Clock::now();
    const bool drop = partitioned_.load();
    const unsigned generation = reset_generation_.load();
    // Reset what a partition corrupted; retire finished pairs.
    for (auto it = impl.pairs.begin(); it != impl.pairs.end();) {
      if (it->generation != generation || it->done()) {
        close_reset(it->up.from);
        close_reset(it->down.from);
        it = impl.pairs.erase(it);
      } else {
        ++it;
      }
    }
    open_pairs_ = impl.pairs.size();
    auto wait = kTurn;
    fds.assign(1, pollfd{listen_fd_, POLLIN, 0});
    for (Pair& pair : impl.pairs) {
      for (Pipe* p : {&pair.up, &pair.down}) {
        const short in = !p->eof && p->queued < kMaxQueued ? POLLIN : 0;
        const short out = p->due(now) ? POLLOUT : 0;
        fds.push_back({p->from, in, 0});
        fds.push_back({p->to, out, 0});
        if (!p->queue.empty() && !p->due(now)) {
          wait = std::min(wait,
                          std::chrono::ceil<std::chrono::milliseconds>(p->queue.front().due - now));
        }
      }
    }
    ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long>(1, wait.count())));
    const auto after = Clock::now();
    const auto due = after + std::chrono::milliseconds(delay_ms_.load());
    std::size_t at = 1;
    for (Pair& pair : impl.pairs) {
      for (Pipe* p : {&pair.up, &pair.down}) {
        const short got_in = fds[at].revents;
        at += 2;
        if (got_in != 0 && !read_into(*p, due, drop)) pair.failed = true;
        if (!pair.failed && !write_due(*p, after)) pair.failed = true;
      }
    }
    if (fds[0].revents & POLLIN) {
      for (int accepted = 0; accepted < 64; ++accepted) {
        const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (client < 0) break;
        const int node = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const sockaddr_in addr = loopback(target_port_);
        if (::connect(node, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
          ::close(node);
          close_reset(client);  // the node refused: so does the relay
          continue;
        }
        set_nonblocking(node);
        Pair pair;
        pair.up.from = pair.down.to = client;
        pair.up.to = pair.down.from = node;
        pair.generation = generation;
        impl.pairs.push_back(std::move(pair));
      }
    }
  }
  for (Pair& pair : impl.pairs) {
    ::close(pair.up.from);
    ::close(pair.down.from);
  }
}

}  // namespace ringcache::integration
