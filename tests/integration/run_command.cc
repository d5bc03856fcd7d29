#include "tests/integration/run_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace ringcache::integration {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Reads what the pipe has into `out`; false at EOF.
bool drain(int fd, std::string& out) {
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
  }
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
  CommandResult result;
  std::vector<std::string> args = argv;
  std::vector<char*> cargv;
  for (auto& a : args) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  int fds[2];
  if (args.empty() || ::pipe2(fds, O_CLOEXEC) != 0) return result;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group, so a timeout also ends its children
    int null_in = ::open("/dev/null", O_RDONLY);
    if (null_in >= 0) ::dup2(null_in, 0);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::execv(cargv[0], cargv.data());
    _exit(127);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    return result;
  }
  ::setpgid(pid, pid);  // also from here, so the group exists before any kill below
  ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  const auto deadline = SteadyClock::now() + limit;
  int status = 0;
  bool exited = false;
  while (!exited) {
    if (SteadyClock::now() >= deadline) {
      result.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) drain(fds[0], result.output);
    exited = ::waitpid(pid, &status, WNOHANG) == pid;
  }
  drain(fds[0], result.output);
  ::kill(-pid, SIGKILL);  // leftovers of the group (say, a helper holding the pipe)
  ::close(fds[0]);
  if (exited && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace ringcache::integration
