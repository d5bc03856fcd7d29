#include "common/net/server.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/net/asio.h"
#include "common/net/descriptor_budget.h"
#include "common/net/listener.h"
#include "common/net/socket_address.h"
#include "common/net/stop_signals.h"

namespace ringcache::common {
namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Worker {
  explicit Worker(std::size_t i) : index(i) {}
  std::size_t index;
  EventLoop loop;
  std::thread thread;
  // Loop thread only: the connections this loop serves. The registry owns them; a plain
  // table (index kept in each connection) keeps an idle connection's bookkeeping small.
  std::vector<Connection*> conns;

  void add(Connection& c) {
    c.set_owner_slot(conns.size());
    conns.push_back(&c);
  }
  void remove(Connection& c) {
    const std::size_t slot = c.owner_slot();
    if (slot >= conns.size() || conns[slot] != &c) return;
    conns[slot] = conns.back();
    conns[slot]->set_owner_slot(slot);
    conns.pop_back();
  }
  std::vector<std::shared_ptr<Connection>> all() const {
    std::vector<std::shared_ptr<Connection>> out;
    out.reserve(conns.size());
    for (Connection* c : conns) out.push_back(c->shared_from_this());
    return out;
  }
  bool draining = false;
  bool drained_reported = false;
};

struct Periodic {
  Periodic(net::io_context& io, std::chrono::milliseconds p, std::function<void()> f)
      : timer(io), period(p), fn(std::move(f)) {}
  net::steady_timer timer;
  std::chrono::milliseconds period;
  std::function<void()> fn;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, HandlerFactory f, Hooks h)
      : options(std::move(o)), factory(std::move(f)), hooks(std::move(h)) {
    int n = options.threads > 0 ? options.threads : 1;
    for (int i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>(i));
  }

  std::string open();
  void on_accept(int fd, std::string peer, const Listener& listener);
  void start_connection(Worker& w, const std::shared_ptr<Connection>& conn);
  void on_closed(Worker& w, Connection& conn);
  void begin_stop();
  void drain_worker(Worker& w);
  void report_drained(Worker& w);
  void finish();
  void arm(Periodic& p);
  void arm_hangup();
  bool below_limit() const;
  bool within_descriptors() const;
  bool may_accept() const;
  void sweep_idle(Worker& w);

  ServerOptions options;
  HandlerFactory factory;
  Hooks hooks;
  net::io_context io{1};  // declared first among Asio users: destroyed last
  std::optional<net::executor_work_guard<net::io_context::executor_type>> guard;
  std::vector<std::unique_ptr<Listener>> listeners;
  std::vector<ListenerInfo> listener_info;  // parallel to listeners, fixed after open()
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::unique_ptr<Periodic>> periodic;
  std::optional<net::signal_set> signals;
  std::function<void()> on_hangup;
  std::optional<net::signal_set> hangup_signal;
  net::steady_timer drain_timer{io};

  mutable std::mutex registry_mutex;
  std::unordered_map<const Connection*, std::shared_ptr<Connection>> registry;
  std::atomic<int> open_count{0};
  int descriptor_cap = 0;  // set by run() before the workers start; 0 = none

  // Control thread only.
  std::size_t next_worker = 0;
  bool stopping = false;
  bool finished = false;
  std::size_t workers_left = 0;
};

std::string Server::Impl::open() {
  for (std::size_t index = 0; index < options.listeners.size(); ++index) {
    const ListenerSpec& spec = options.listeners[index];
    std::string error;
    if (!spec.unix_path.empty()) {
      auto l = Listener::open_unix(io, spec.unix_path, spec.unix_mask, options.backlog, error);
      if (!l) return "failed to listen on UNIX socket \"" + spec.unix_path + "\": " + error;
      listener_info.push_back({l->fd(), l->address(), "", -1, 0, index});
      listeners.push_back(std::move(l));
      continue;
    }
    const std::string failed = "failed to listen on one of interface(s) " + spec.host + ": ";
    addrinfo hints{};
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const char* host = spec.host.empty() ? nullptr : spec.host.c_str();  // any address
    int rc = ::getaddrinfo(host, std::to_string(spec.port).c_str(), &hints, &found);
    if (rc != 0) return std::string("getaddrinfo(): ") + ::gai_strerror(rc) + "\n" + failed + "Success";
    bool bound = false;
    for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
      net::ip::tcp::endpoint at;
      std::memcpy(at.data(), ai->ai_addr, ai->ai_addrlen);
      at.resize(ai->ai_addrlen);
      auto l = Listener::open_tcp(io, at, options.backlog, error);
      if (!l) continue;
      HostPort hp = host_port_of(l->fd());
      listener_info.push_back({l->fd(), l->address(), hp.host, hp.port, 0, index});
      listeners.push_back(std::move(l));
      bound = true;
    }
    ::freeaddrinfo(found);
    if (!bound) return failed + error;
  }
  return "";
}

void Server::Impl::on_accept(int fd, std::string peer, const Listener& listener) {
  if (stopping) {
    ::close(fd);
    return;
  }
  if (!below_limit()) {
    // Count first: a client that has read the refusal must find it in the stats.
    if (hooks.rejected) hooks.rejected();
    const std::string& r = options.reject_reply;
    [[maybe_unused]] auto n = ::send(fd, r.data(), r.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(fd);
    return;
  }
  if (listener.is_tcp()) set_tcp_nodelay(fd);
  open_count.fetch_add(1, std::memory_order_relaxed);
  Worker& w = *workers[next_worker++ % workers.size()];
  auto conn = std::make_shared<Connection>(w.loop, fd, std::move(peer), listener.address(),
                                           options.connection);
  {
    std::lock_guard lock(registry_mutex);
    registry.emplace(conn.get(), conn);
  }
  if (hooks.opened) hooks.opened(*conn);
  w.loop.post([this, &w, conn] { start_connection(w, conn); });
}

bool Server::Impl::below_limit() const {
  return options.max_connections <= 0 ||
         open_count.load(std::memory_order_relaxed) < options.max_connections;
}

bool Server::Impl::within_descriptors() const {
  return descriptor_cap <= 0 || open_count.load(std::memory_order_relaxed) < descriptor_cap;
}

bool Server::Impl::may_accept() const {
  return within_descriptors() && (options.reject_at_limit || below_limit());
}

void Server::Impl::sweep_idle(Worker& w) {
  if (w.draining) return;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 w.loop.now().time_since_epoch()).count();
  auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(options.idle_timeout).count();
  std::vector<std::shared_ptr<Connection>> idle;
  for (Connection* conn : w.conns) {
    if (conn->state() == ConnectionState::kRead && now - conn->last_active_ms() > limit) {
      idle.push_back(conn->shared_from_this());
    }
  }
  for (auto& conn : idle) conn->abort();
  w.loop.run_after(std::chrono::seconds(1), [this, &w] { sweep_idle(w); });
}

void Server::Impl::start_connection(Worker& w, const std::shared_ptr<Connection>& conn) {
  w.add(*conn);
  conn->start(factory(*conn, w.index), [this, &w](Connection& c) { on_closed(w, c); });
  if (w.draining) conn->drain();
}

void Server::Impl::on_closed(Worker& w, Connection& conn) {
  {
    std::lock_guard lock(registry_mutex);
    registry.erase(&conn);
  }
  int before = open_count.fetch_sub(1, std::memory_order_relaxed);
  if (hooks.closed) hooks.closed(conn);
  if ((!options.reject_at_limit && before == options.max_connections) ||
      before == descriptor_cap) {
    net::post(io, [this] {  // a slot is free: take connections from the backlog again
      for (auto& l : listeners) l->resume();
    });
  }
  w.remove(conn);  // the connection keeps itself alive until the end of the iteration
  if (w.draining && w.conns.empty()) report_drained(w);
}

void Server::Impl::begin_stop() {
  if (stopping) return;
  stopping = true;
  for (auto& l : listeners) l->close();
  workers_left = workers.size();
  for (auto& w : workers) {
    w->loop.post([this, wp = w.get()] { drain_worker(*wp); });
  }
  drain_timer.expires_after(options.drain_timeout);
  drain_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) finish();
  });
}

void Server::Impl::drain_worker(Worker& w) {
  w.draining = true;
  for (auto& conn : w.all()) conn->drain();  // may close and erase
  if (w.conns.empty()) report_drained(w);
}

void Server::Impl::report_drained(Worker& w) {
  if (w.drained_reported) return;
  w.drained_reported = true;
  net::post(io, [this] {
    if (--workers_left == 0) finish();
  });
}

void Server::Impl::finish() {
  if (finished) return;
  finished = true;
  drain_timer.cancel();
  for (auto& p : periodic) p->timer.cancel();
  if (signals) signals->cancel();
  if (hangup_signal) hangup_signal->cancel();
  for (auto& w : workers) {
    // Past the deadline: close what is left, then end the loop (tasks run in order).
    w->loop.post([wp = w.get()] {
      for (auto& conn : wp->all()) conn->abort();
    });
    w->loop.stop();
  }
  guard.reset();
  io.stop();
}

void Server::Impl::arm(Periodic& p) {
  p.timer.expires_after(p.period);
  p.timer.async_wait([this, &p](const boost::system::error_code& ec) {
    if (ec || finished) return;
    p.fn();
    arm(p);
  });
}

void Server::Impl::arm_hangup() {
  hangup_signal->async_wait([this](const boost::system::error_code& ec, int) {
    if (ec || finished) return;
    on_hangup();
    arm_hangup();
  });
}

Server::Server(ServerOptions options, HandlerFactory factory, Hooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(factory), std::move(hooks))) {}

Server::~Server() {
  for (auto& w : impl_->workers) {
    if (!w->thread.joinable()) continue;
    w->loop.stop();
    w->thread.join();
  }
  std::lock_guard lock(impl_->registry_mutex);
  impl_->registry.clear();
}

std::string Server::open() { return impl_->open(); }

std::vector<ListenerInfo> Server::listeners() const {
  std::vector<ListenerInfo> out;
  int64_t now = steady_ms();
  for (std::size_t i = 0; i < impl_->listeners.size(); ++i) {
    const Listener& l = *impl_->listeners[i];
    if (!l.is_open()) continue;
    out.push_back(impl_->listener_info[i]);
    out.back().idle_ms = now - l.last_accept_ms();
  }
  return out;
}

void Server::every(std::chrono::milliseconds period, std::function<void()> fn) {
  impl_->periodic.push_back(std::make_unique<Periodic>(impl_->io, period, std::move(fn)));
}

void Server::on_hangup(std::function<void()> fn) { impl_->on_hangup = std::move(fn); }

int Server::run() {
  Impl& m = *impl_;
  if (m.on_hangup) {
    m.hangup_signal.emplace(m.io, SIGHUP);
    m.arm_hangup();
  }
  if (m.options.handle_signals) {
    std::signal(SIGPIPE, SIG_IGN);
    m.signals.emplace(m.io, SIGINT, SIGTERM);
    m.signals->async_wait([&m](const boost::system::error_code& ec, int) {
      if (!ec) m.begin_stop();
    });
    // A binary may block these until its handlers exist (see block_stop_signals()); one
    // that arrived meanwhile is delivered now and stops the server gracefully.
    unblock_stop_signals();
  }
  if (m.options.reserved_descriptors > 0) {
    // Everything the server itself needs is open by now: the rest is for clients.
    if (int open = count_open_descriptors(); open > 0) {
      m.descriptor_cap = connections_within_fd_limit(open, m.options.reserved_descriptors);
    }
  }
  m.guard.emplace(m.io.get_executor());
  for (auto& w : m.workers) w->thread = std::thread([wp = w.get()] { wp->loop.run(); });
  std::function<bool()> may_accept;
  if (!m.options.reject_at_limit || m.descriptor_cap > 0) {
    may_accept = [&m] { return m.may_accept(); };
  }
  for (auto& l : m.listeners) {
    l->start([&m, lp = l.get()](int fd, std::string peer) { m.on_accept(fd, std::move(peer), *lp); },
             may_accept);
  }
  if (m.options.idle_timeout.count() > 0) {
    for (auto& w : m.workers) {
      w->loop.post([&m, wp = w.get()] {
        wp->loop.run_after(std::chrono::seconds(1), [&m, wp] { m.sweep_idle(*wp); });
      });
    }
  }
  for (auto& p : m.periodic) m.arm(*p);
  m.io.run();
  for (auto& w : m.workers) w->thread.join();
  for (auto& w : m.workers) w->conns.clear();
  {
    std::lock_guard lock(m.registry_mutex);
    m.registry.clear();
  }
  return 0;
}

void Server::stop() {
  net::post(impl_->io, [m = impl_.get()] { m->begin_stop(); });
}

std::size_t Server::open_connections() const {
  int n = impl_->open_count.load(std::memory_order_relaxed);
  return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void Server::for_each_connection(const std::function<void(const Connection&)>& fn) const {
  std::lock_guard lock(impl_->registry_mutex);
  for (const auto& [ptr, conn] : impl_->registry) fn(*conn);
}

std::size_t Server::worker_count() const { return impl_->workers.size(); }

EventLoop& Server::worker_loop(std::size_t index) { return impl_->workers[index]->loop; }

}  // namespace ringcache::common
