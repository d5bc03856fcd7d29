// ServerProcess: starts a real memcached-compatible server binary on 127.0.0.1 at a free port,
// waits (bounded) until it accepts connections, and stops it (SIGTERM, then SIGKILL) when done.
// Its stdout and stderr go to a temp file so that a failing test can show them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ringcache::integration {

/// A server binary and the arguments it always needs.
struct ServerSpec {
  std::string name;                    // "memcached" or "ringcache": names test parameters
  std::string binary;                  // absolute path
  std::vector<std::string> base_args;  // passed before the per-test arguments
  // How stop() ends it. SIGTERM also checks a clean shutdown; memcached takes up to a second
  // to notice SIGTERM, and its shutdown is not under test, so it gets SIGKILL.
  int stop_signal = SIGTERM;
  std::vector<std::string> env;  // NAME=VALUE entries added to the inherited environment
};

/// Prints the spec's name (gtest shows it for a failing parameterised test).
void PrintTo(const ServerSpec& spec, std::ostream* os);

/// Debian's memcached (adds `-u root` when running as root, which memcached insists on).
ServerSpec memcached_spec();
/// The ringcache-node binary this build produces (it may not exist yet).
ServerSpec ringcache_spec();
/// True when `path` is an executable file.
bool binary_exists(const std::string& path);
/// A TCP port on 127.0.0.1 that was free a moment ago (bind port 0, read it, close).
int pick_free_port();
/// True when something accepts connections on 127.0.0.1:port.
bool accepts_connections(int port);
/// Polls accepts_connections() until it is true or `limit` passes.
bool wait_accepting(int port, std::chrono::milliseconds limit);

/// Sends SIGSTOP and waits (bounded) until every thread of `pid` is stopped: the kernel wakes
/// one thread, which stops the others only once it runs, so on a busy machine the others can
/// go on serving for a while. False when they were not all stopped within `limit`.
bool stop_all_threads(pid_t pid, std::chrono::milliseconds limit = std::chrono::seconds(5));

/// The command-line arguments (after the spec's base_args) for a start on `port`.
using ArgsForPort = std::function<std::vector<std::string>(int port)>;

/// Where a server listens.
struct PortChoice {
  /// 0: a free port, a new one for each start attempt; else always this port (a restart).
  int port = 0;
  /// The server binds port 0 and prints "listening on 127.0.0.1:PORT": read it from there.
  bool from_output = false;
};

class ServerProcess {
 public:
  /// Starts the server with `-p PORT -l 127.0.0.1 -U 0` plus `args`; retries on a new port
  /// when the process dies during start-up (a port race). Check started() afterwards.
  explicit ServerProcess(const ServerSpec& spec, std::vector<std::string> args = {});
  /// Starts a server whose arguments are not memcached's (e.g. the proxy), with the same
  /// retries and readiness check.
  ServerProcess(const ServerSpec& spec, ArgsForPort args_for_port, PortChoice choice = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool started() const { return pid_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  /// Why the start failed (empty when it did not).
  const std::string& error() const { return error_; }
  /// True while the process runs (reaps it when it has exited).
  bool alive();
  /// Waits up to `limit` for the process to exit by itself; returns its waitpid status, or
  /// nothing while it still runs.
  std::optional<int> wait_exit(std::chrono::milliseconds limit);
  /// Everything the process wrote to stdout/stderr so far.
  std::string output() const;
  /// Stops the process with the spec's stop signal, then SIGKILL after `grace`. Returns "" when
  /// it was running and exited cleanly (status 0 or killed by that signal), else a description
  /// with its output.
  std::string stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

 private:
  bool start_once(const ServerSpec& spec, const ArgsForPort& args_for_port, PortChoice choice);
  bool wait_ready(std::chrono::milliseconds limit, bool port_from_output);
  // The port in a "listening on 127.0.0.1:PORT" line of the output, or 0.
  int port_in_output() const;
  std::string describe_exit(int status) const;

  pid_t pid_ = -1;
  int port_ = 0;
  int stop_signal_ = SIGTERM;
  int exit_status_ = 0;
  bool exited_ = false;
  std::string output_path_;
  std::string error_;
};

}  // namespace ringcache::integration
