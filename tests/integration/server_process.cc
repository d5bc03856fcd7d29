#include "tests/integration/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <thread>

#ifndef RINGCACHE_NODE_BIN
#define RINGCACHE_NODE_BIN ""
#endif

namespace ringcache::integration {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kStartAttempts = 3;
constexpr auto kReadyLimit = std::chrono::seconds(5);
constexpr auto kPollStep = std::chrono::milliseconds(10);

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

}  // namespace

bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr = loopback(port);
  // Loopback connects complete (or are refused) at once, so a blocking connect is bounded.
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

bool wait_accepting(int port, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    if (accepts_connections(port)) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPollStep);
  }
}

bool stop_all_threads(pid_t pid, std::chrono::milliseconds limit) {
  if (pid <= 0 || ::kill(pid, SIGSTOP) != 0) return false;
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  const auto all_stopped = [&] {
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
      std::ifstream stat(task.path() / "stat");
      std::string line;
      std::getline(stat, line);
      // "pid (comm) S ...": the state follows the last ')'.
      const std::size_t paren = line.rfind(')');
      if (paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'T') {
        return false;
      }
    }
    return !ec;
  };
  const auto deadline = Clock::now() + limit;
  while (!all_stopped()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

ServerSpec memcached_spec() {
  ServerSpec spec{"memcached", "/usr/bin/memcached", {}, SIGKILL, {}};
  if (::geteuid() == 0) spec.base_args = {"-u", "root"};
  return spec;
}

ServerSpec ringcache_spec() { return ServerSpec{"ringcache", RINGCACHE_NODE_BIN, {}, SIGTERM, {}}; }

void PrintTo(const ServerSpec& spec, std::ostream* os) { *os << spec.name; }

bool binary_exists(const std::string& path) {
  struct stat st {};
  return !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
         ::access(path.c_str(), X_OK) == 0;
}

int pick_free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr = loopback(0);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

ServerProcess::ServerProcess(const ServerSpec& spec, std::vector<std::string> args)
    : ServerProcess(spec, [args = std::move(args)](int port) {
        std::vector<std::string> all = {"-p", std::to_string(port), "-l", "127.0.0.1", "-U", "0"};
        all.insert(all.end(), args.begin(), args.end());
        return all;
      }) {}

ServerProcess::ServerProcess(const ServerSpec& spec, ArgsForPort args_for_port, PortChoice choice)
    : stop_signal_(spec.stop_signal) {
  char path[] = "/tmp/ringcache-integ-XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0) {
    error_ = "mkstemp failed";
    return;
  }
  ::close(fd);
  output_path_ = path;
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    if (start_once(spec, args_for_port, choice)) return;
  }
  error_ = spec.name + " did not start after " + std::to_string(kStartAttempts) +
           " attempts: " + error_ + "\n--- output ---\n" + output();
}

ServerProcess::~ServerProcess() {
  stop(std::chrono::seconds(5));
  if (!output_path_.empty()) ::unlink(output_path_.c_str());
}

bool ServerProcess::start_once(const ServerSpec& spec, const ArgsForPort& args_for_port,
                               PortChoice choice) {
  port_ = choice.from_output ? 0 : choice.port != 0 ? choice.port : pick_free_port();
  std::vector<std::string> all = {spec.binary};
  all.insert(all.end(), spec.base_args.begin(), spec.base_args.end());
  const std::vector<std::string> args = args_for_port(port_);
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Built before fork: the child may only make async-signal-safe calls.
  std::vector<std::string> env_strings = spec.env;
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e) envp.push_back(*e);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  int out = ::open(output_path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (out < 0) {
    error_ = "cannot open " + output_path_;
    return false;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    int null_in = ::open("/dev/null", O_RDONLY);
    if (null_in >= 0) ::dup2(null_in, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  ::close(out);
  if (pid < 0) {
    error_ = std::string("fork failed: ") + std::strerror(errno);
    return false;
  }
  pid_ = pid;
  exited_ = false;
  if (wait_ready(kReadyLimit, choice.from_output)) return true;
  stop(std::chrono::seconds(2));
  pid_ = -1;
  return false;
}

bool ServerProcess::wait_ready(std::chrono::milliseconds limit, bool port_from_output) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (!alive()) {
      error_ = "exited during start-up (" + describe_exit(exit_status_) + ")";
      return false;
    }
    if (port_from_output && port_ == 0) port_ = port_in_output();
    if (port_ != 0 && accepts_connections(port_)) return true;
    std::this_thread::sleep_for(kPollStep);
  }
  error_ = (port_ == 0 ? std::string("no \"listening on\" line")
                       : "no connection accepted on port " + std::to_string(port_)) +
           " within " + std::to_string(limit.count()) + " ms";
  return false;
}

bool ServerProcess::alive() {
  if (pid_ <= 0 || exited_) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exited_ = true;
    exit_status_ = status;
  }
  return !exited_;
}

std::optional<int> ServerProcess::wait_exit(std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (alive() && Clock::now() < deadline) std::this_thread::sleep_for(kPollStep);
  if (!exited_) return std::nullopt;
  pid_ = -1;  // reaped: nothing left to stop
  return exit_status_;
}

int ServerProcess::port_in_output() const {
  static constexpr std::string_view kPrefix = "listening on 127.0.0.1:";
  const std::string out = output();
  const std::size_t at = out.find(kPrefix);
  if (at == std::string::npos) return 0;
  return std::atoi(out.c_str() + at + kPrefix.size());
}

std::string ServerProcess::output() const {
  std::ifstream in(output_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ServerProcess::describe_exit(int status) const {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by signal ") + strsignal(WTERMSIG(status));
  return "status " + std::to_string(status);
}

std::string ServerProcess::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return "";
  std::string problem;
  if (!alive()) {
    problem = "server exited before it was stopped (" + describe_exit(exit_status_) + ")";
  } else {
    ::kill(pid_, stop_signal_);
    const auto deadline = Clock::now() + grace;
    while (alive() && Clock::now() < deadline) std::this_thread::sleep_for(kPollStep);
    if (!exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &exit_status_, 0);
      exited_ = true;
      problem = "server did not exit within " + std::to_string(grace.count()) + " ms of " +
                strsignal(stop_signal_) + "; killed";
    } else {
      int s = exit_status_;
      bool clean =
          (WIFEXITED(s) && WEXITSTATUS(s) == 0) || (WIFSIGNALED(s) && WTERMSIG(s) == stop_signal_);
      if (!clean) problem = "server stopped uncleanly (" + describe_exit(s) + ")";
    }
  }
  pid_ = -1;
  if (problem.empty()) return "";
  return problem + "\n--- server output ---\n" + output();
}

}  // namespace ringcache::integration
