#include "common/net/client_connection.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/net/socket_address.h"

namespace ringcache::common {

std::optional<Endpoint> resolve_endpoint(const std::string& host, uint16_t port,
                                         std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  std::string service = std::to_string(port);
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr) {
    if (error) *error = "cannot resolve " + host + ": " + ::gai_strerror(rc);
    return std::nullopt;
  }
  Endpoint e;
  std::memcpy(&e.address, found->ai_addr, found->ai_addrlen);
  e.length = found->ai_addrlen;
  e.text = host.find(':') != std::string::npos ? "[" + host + "]:" + service
                                                : host + ":" + service;
  ::freeaddrinfo(found);
  return e;
}

ClientConnection::ClientConnection(EventLoop& loop, Handlers handlers,
                                   ClientConnectionOptions options)
    : loop_(loop), handlers_(std::move(handlers)), options_(options) {}

ClientConnection::~ClientConnection() {
  if (fd_ >= 0) {
    if (interest_ != 0) loop_.remove_fd(fd_);
    ::close(fd_);
  }
  if (connect_timer_ != 0) loop_.cancel_timer(connect_timer_);
}

void ClientConnection::connect(const Endpoint& endpoint) {
  if (connect_started_) return;
  connect_started_ = true;
  int fd = ::socket(endpoint.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    int err = errno;
    loop_.post([weak = weak_from_this(), err] {
      if (auto self = weak.lock()) self->fail(err);
    });
    return;
  }
  fd_ = fd;
  int rc = ::connect(fd_, reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.length);
  if (rc != 0 && errno != EINPROGRESS) {
    // Reported from the loop: callbacks never run inside a call the owner made.
    int err = errno;
    loop_.post([weak = weak_from_this(), err] {
      if (auto self = weak.lock()) self->fail(err);
    });
    return;
  }
  // Readiness for writing tells when the connect finished (also when it succeeded at once).
  interest_ = kIoWrite;
  if (!loop_.add_fd(fd_, interest_, this)) {
    interest_ = 0;
    int err = errno;
    loop_.post([weak = weak_from_this(), err] {
      if (auto self = weak.lock()) self->fail(err);
    });
    return;
  }
  connect_timer_ = loop_.run_after(options_.connect_timeout, [weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->connect_timer_ = 0;
      if (!self->connected_) self->fail(ETIMEDOUT);
    }
  });
}

void ClientConnection::on_io(uint32_t events) {
  if (fd_ < 0) return;
  auto self = shared_from_this();  // a handler may drop the owner's last reference
  if (!connected_) {
    on_connect_ready();
    return;
  }
  if (events & kIoWrite) {
    flush();
    if (fd_ < 0) return;
  }
  if (events & (kIoRead | kIoHangup | kIoError)) on_readable();
}

void ClientConnection::on_connect_ready() {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err != 0) {
    fail(err);
    return;
  }
  connected_ = true;
  if (connect_timer_ != 0) loop_.cancel_timer(connect_timer_);
  connect_timer_ = 0;
  set_tcp_nodelay(fd_);
  update_interest();
  if (handlers_.connected) handlers_.connected();
  if (fd_ >= 0 && unsent_bytes() > 0) flush();
}

void ClientConnection::on_readable() {
  for (int i = 0; i < options_.max_reads_per_event && fd_ >= 0; ++i) {
    auto space = in_.prepare(loop_.read_buffers(), options_.max_read_buffer);
    if (space.empty()) {
      fail(EMSGSIZE);
      return;
    }
    ssize_t n = ::read(fd_, space.data(), space.size());
    if (n > 0) {
      in_.commit(static_cast<std::size_t>(n));
      dispatching_ = true;
      if (handlers_.data) handlers_.data(in_);
      dispatching_ = false;
      if (fd_ < 0) {  // closed by the handler: release what it could not while in use
        in_.clear();
        in_.shrink(loop_.read_buffers());
        return;
      }
      if (static_cast<std::size_t>(n) < space.size()) break;  // drained for now
      continue;
    }
    if (n == 0) {
      fail(0);
      return;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) fail(errno);
    break;
  }
  if (fd_ >= 0) in_.shrink(loop_.read_buffers());
}

void ClientConnection::write(std::string_view bytes) {
  if (fd_ < 0 && connect_started_) return;  // closed: nothing will send it
  out_.append(bytes);
  if (connected_) schedule_flush();
}

void ClientConnection::schedule_flush() {
  if (flush_posted_ || interest_ & kIoWrite) return;  // a pending EPOLLOUT will send it
  flush_posted_ = true;
  loop_.post([weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->flush_posted_ = false;
      self->flush();
    }
  });
}

void ClientConnection::flush() {
  if (fd_ < 0 || !connected_) return;
  if (before_flush_) {
    const bool posted = std::exchange(flush_posted_, true);  // its writes go out below
    before_flush_();
    flush_posted_ = posted;
    if (fd_ < 0) return;
  }
  while (unsent_bytes() > 0) {
    ssize_t n = ::send(fd_, out_.data() + sent_, unsent_bytes(), MSG_NOSIGNAL);
    if (n > 0) {
      sent_ += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      fail(errno);
      return;
    }
    break;  // the kernel buffer is full: EPOLLOUT says when to go on
  }
  if (sent_ == out_.size()) {
    out_.clear();
    sent_ = 0;
  } else if (sent_ > (64u << 10) && sent_ * 2 > out_.size()) {
    out_.erase(0, sent_);
    sent_ = 0;
  }
  update_interest();
}

void ClientConnection::update_interest() {
  if (fd_ < 0) return;
  uint32_t want = kIoRead | (unsent_bytes() > 0 ? kIoWrite : 0u);
  if (want == interest_) return;
  loop_.modify_fd(fd_, want, this);
  interest_ = want;
}

void ClientConnection::fail(int error) {
  Handlers handlers = std::move(handlers_);
  close();
  if (handlers.closed) handlers.closed(error);
}

void ClientConnection::close() {
  handlers_ = {};
  before_flush_ = nullptr;
  if (connect_timer_ != 0) loop_.cancel_timer(connect_timer_);
  connect_timer_ = 0;
  connect_started_ = true;  // no connect after a close
  out_.clear();
  sent_ = 0;
  if (fd_ < 0) return;
  if (interest_ != 0) loop_.remove_fd(fd_);
  interest_ = 0;
  ::close(fd_);
  fd_ = -1;
  connected_ = false;
  if (!dispatching_) {
    in_.clear();
    in_.shrink(loop_.read_buffers());
  }
  defer_release();
}

void ClientConnection::defer_release() {
  // An event for this object may still be in the current epoll batch: keep it alive to the
  // end of the iteration.
  if (auto self = weak_from_this().lock()) loop_.post([self = std::move(self)] {});
}

}  // namespace ringcache::common
