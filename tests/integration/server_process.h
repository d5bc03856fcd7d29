// ServerProcess: starts a real memcached-compatible server binary on 127.0.0.1 at a free port,
// waits (bounded) until it accepts connections, and stops it (SIGTERM, then SIGKILL) when done.
// Its stdout and stderr go to a temp file so that a failing test can show them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
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

class ServerProcess {
 public:
  /// Starts the server with `-p PORT -l 127.0.0.1 -U 0` plus `args`; retries on a new port
  /// when the process dies during start-up (a port race). Check started() afterwards.
  explicit ServerProcess(const ServerSpec& spec, std::vector<std::string> args = {});
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
  bool start_once(const ServerSpec& spec, const std::vector<std::string>& args);
  bool wait_ready(std::chrono::milliseconds limit);
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
