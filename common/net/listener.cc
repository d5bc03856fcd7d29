#include "common/net/listener.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "common/net/socket_address.h"

namespace ringcache::common {
namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Listener::Listener(net::io_context& io) : retry_(io) { last_accept_ms_ = steady_ms(); }

Listener::~Listener() { close(); }

std::unique_ptr<Listener> Listener::open_tcp(net::io_context& io,
                                             const net::ip::tcp::endpoint& at, int backlog,
                                             std::string& error) {
  std::unique_ptr<Listener> l(new Listener(io));
  auto& a = l->tcp_.emplace(io);
  boost::system::error_code ec;
  a.open(at.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec && at.address().is_v6()) a.set_option(net::ip::v6_only(true), ec);
  if (!ec) a.bind(at, ec);
  if (!ec) a.listen(backlog, ec);
  if (!ec) a.native_non_blocking(true, ec);
  if (ec) {
    error = ec.message();
    return nullptr;
  }
  l->fd_ = a.native_handle();
  l->address_ = local_address_of(l->fd_);
  return l;
}

std::unique_ptr<Listener> Listener::open_unix(net::io_context& io, const std::string& path,
                                              int mask, int backlog, std::string& error) {
  // Like memcached: remove a stale socket file, but never another kind of file.
  struct stat st{};
  if (::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode)) ::unlink(path.c_str());
  std::unique_ptr<Listener> l(new Listener(io));
  auto& a = l->unix_.emplace(io);
  boost::system::error_code ec;
  a.open(net::local::stream_protocol(), ec);
  if (!ec) a.bind(net::local::stream_protocol::endpoint(path), ec);
  // Permissions before listen(): nobody can connect in between.
  if (!ec && ::chmod(path.c_str(), static_cast<mode_t>(mask & 0777)) != 0) {
    ec.assign(errno, boost::system::system_category());
  }
  if (!ec) a.listen(backlog, ec);
  if (!ec) a.native_non_blocking(true, ec);
  if (ec) {
    error = ec.message();
    return nullptr;
  }
  l->fd_ = a.native_handle();
  l->address_ = "unix:" + path;
  l->unix_path_ = path;
  return l;
}

void Listener::start(AcceptFn on_accept) {
  on_accept_ = std::move(on_accept);
  wait();
}

void Listener::wait() {
  auto handler = [this](const boost::system::error_code& ec) {
    if (!ec && is_open()) accept_ready();
  };
  if (tcp_) {
    tcp_->async_wait(net::socket_base::wait_read, handler);
  } else {
    unix_->async_wait(net::socket_base::wait_read, handler);
  }
}

void Listener::accept_ready() {
  for (int i = 0; i < 256; ++i) {
    sockaddr_storage peer{};
    socklen_t length = sizeof peer;
    int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &length,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      last_accept_ms_.store(steady_ms(), std::memory_order_relaxed);
      on_accept_(fd, format_address(reinterpret_cast<sockaddr*>(&peer), length));
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      // Out of descriptors: the socket stays readable, so back off instead of spinning.
      retry_.expires_after(std::chrono::milliseconds(50));
      retry_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && is_open()) accept_ready();
      });
      return;
    }
    break;  // EAGAIN, or an error of that one connection
  }
  wait();
}

void Listener::close() {
  if (!open_.exchange(false)) return;
  boost::system::error_code ec;
  retry_.cancel();
  if (tcp_) tcp_->close(ec);
  if (unix_) unix_->close(ec);
  if (!unix_path_.empty()) ::unlink(unix_path_.c_str());
}

}  // namespace ringcache::common
