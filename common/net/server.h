// Server: listeners + worker loops + the control thread, for any SessionHandler.
//
// Threads: run() turns the calling thread into the control thread (Asio io_context: accept,
// signals, periodic tasks, stop) and starts `threads` worker threads, one EventLoop each.
// Accepted sockets go round-robin to the workers; each connection then lives on one loop.
//
// Connection limit: at max_connections open clients a new one gets `reject_reply` and is
// closed (memcached's "ERROR Too many open connections"), or waits in the backlog.
// Descriptor reserve: with reserved_descriptors set, clients also wait in the backlog while
// one more would leave fewer than that many descriptors free under RLIMIT_NOFILE (counted
// from the descriptors open when run() starts; see descriptor_budget.h).
//
// Stop (stop(), SIGTERM, SIGINT): close the listeners; every connection handles what it has
// already received, stops reading and closes once its replies are sent (and its handler is
// not busy); whatever is still open at drain_timeout is closed; run() returns 0.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/net/connection.h"
#include "common/net/event_loop.h"
#include "common/net/session.h"

namespace ringcache::common {

struct ListenerSpec {
  std::string host = "127.0.0.1";  // TCP: a name or address ("::1", "0.0.0.0", "localhost")
  int port = 0;                    // 0 = a free port (see Server::listeners())
  std::string unix_path;           // non-empty: a unix socket instead of TCP
  int unix_mask = 0700;            // permissions of the unix socket file
};

struct ServerOptions {
  std::vector<ListenerSpec> listeners;
  int threads = 4;
  int max_connections = 0;  // open client connections; 0 = no limit
  // At the limit: answer reject_reply and close (memcached's maxconns_fast), or (false)
  // stop accepting until a connection closes.
  bool reject_at_limit = true;
  // Descriptors kept free for the process's own use (outgoing connections, files); 0 = none.
  int reserved_descriptors = 0;
  std::string reject_reply = "ERROR Too many open connections\r\n";
  // Close connections idle (no input, nothing to send) for longer than this; 0 = never.
  std::chrono::seconds idle_timeout{0};
  int backlog = 1024;
  ConnectionOptions connection;
  std::chrono::milliseconds drain_timeout{5000};
  bool handle_signals = true;  // SIGTERM/SIGINT stop the server; SIGPIPE is ignored
};

/// A bound listening socket.
struct ListenerInfo {
  int fd = -1;
  std::string address;   // "tcp:127.0.0.1:11211" / "unix:/path"
  std::string host;      // TCP only
  int port = -1;         // TCP only: the actual port
  int64_t idle_ms = 0;   // since the latest accept
  std::size_t spec = 0;  // index into ServerOptions::listeners that opened it
};

class Server {
 public:
  /// Makes the handler of a new connection, on its worker's thread.
  using HandlerFactory =
      std::function<std::unique_ptr<SessionHandler>(SessionControl& control, std::size_t worker)>;
  /// Optional notifications (for counters). opened/rejected: control thread; closed: worker.
  struct Hooks {
    std::function<void(const Connection&)> opened;
    std::function<void(const Connection&)> closed;
    std::function<void()> rejected;
  };

  Server(ServerOptions options, HandlerFactory factory, Hooks hooks = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds every listener. Returns "" or memcached's message, e.g.
  /// "failed to listen on one of interface(s) 127.0.0.1: Address already in use".
  std::string open();
  /// Any thread: the listeners still open.
  std::vector<ListenerInfo> listeners() const;
  /// Before run(): calls fn on the control thread every `period` while serving.
  void every(std::chrono::milliseconds period, std::function<void()> fn);
  /// Before run(): calls fn on the control thread whenever the process gets SIGHUP
  /// (configuration reload); without it SIGHUP keeps its default action.
  void on_hangup(std::function<void()> fn);
  /// Serves until stop() or a signal, drains, and returns 0.
  int run();
  /// Any thread, any time (also before run() or from a handler): graceful stop.
  void stop();

  /// Any thread: open client connections, and a view of each (under a lock: be quick).
  std::size_t open_connections() const;
  void for_each_connection(const std::function<void(const Connection&)>& fn) const;
  std::size_t worker_count() const;
  /// A worker's loop (e.g. to post work to it).
  EventLoop& worker_loop(std::size_t index);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ringcache::common
