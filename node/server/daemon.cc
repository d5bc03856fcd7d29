#include "node/server/daemon.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ringcache::node {
namespace {

// Write end of the pipe the original process reads the start-up result from; -1 when not
// daemonized or already reported.
int g_ready_fd = -1;

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// The original process: waits for the daemon's report and exits with it.
[[noreturn]] void wait_for_daemon(int read_fd, pid_t child) {
  waitpid(child, nullptr, 0);  // the intermediate child exits at once
  std::string report;
  char buf[512];
  for (;;) {
    ssize_t n = read(read_fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    report.append(buf, static_cast<std::size_t>(n));
  }
  // "ok" from daemon_ready(""); anything else is a reason; nothing means it died first.
  if (report == "ok") std::_Exit(0);
  std::fprintf(stderr, "ringcache-node: %s\n",
               report.empty() ? "the daemon exited during start-up" : report.c_str());
  std::_Exit(1);
}

std::string redirect_stdio(bool keep_stderr) {
  int null_fd = open("/dev/null", O_RDWR);
  if (null_fd < 0) return errno_text("open /dev/null");
  if (dup2(null_fd, STDIN_FILENO) < 0 || dup2(null_fd, STDOUT_FILENO) < 0 ||
      (!keep_stderr && dup2(null_fd, STDERR_FILENO) < 0)) {
    return errno_text("dup2");
  }
  if (null_fd > STDERR_FILENO) close(null_fd);
  return "";
}

}  // namespace

std::string daemonize(bool keep_stderr) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return errno_text("pipe");
  std::fflush(nullptr);  // nothing buffered may be written twice
  pid_t child = fork();
  if (child < 0) return errno_text("fork");
  if (child > 0) {
    close(fds[1]);
    wait_for_daemon(fds[0], child);
  }
  close(fds[0]);
  g_ready_fd = fds[1];
  if (setsid() < 0) {
    daemon_ready(errno_text("setsid"));
    std::_Exit(1);
  }
  pid_t grandchild = fork();
  if (grandchild < 0) {
    daemon_ready(errno_text("fork"));
    std::_Exit(1);
  }
  if (grandchild > 0) std::_Exit(0);
  if (chdir("/") != 0) return errno_text("chdir /");
  return redirect_stdio(keep_stderr);
}

void daemon_ready(const std::string& error) {
  if (g_ready_fd < 0) return;
  std::string report = error.empty() ? "ok" : error;
  ssize_t ignored = write(g_ready_fd, report.data(), report.size());
  (void)ignored;  // the parent is gone: nobody to tell
  close(g_ready_fd);
  g_ready_fd = -1;
}

std::string write_pid_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return errno_text(("Could not open the pid file " + path).c_str());
  bool ok = std::fprintf(file, "%ld\n", static_cast<long>(getpid())) > 0;
  ok = std::fclose(file) == 0 && ok;
  return ok ? "" : errno_text(("Could not write the pid file " + path).c_str());
}

void remove_pid_file(const std::string& path) {
  if (!path.empty()) unlink(path.c_str());
}

std::string raise_fd_limit(std::size_t needed) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return errno_text("getrlimit");
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= needed) return "";
  rlimit wanted = limit;
  wanted.rlim_cur = needed;
  if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) wanted.rlim_max = needed;
  if (setrlimit(RLIMIT_NOFILE, &wanted) != 0) {
    return "failed to set rlimit for open files to " + std::to_string(needed) +
           ". Try starting as root or requesting smaller maxconns value.";
  }
  return "";
}

}  // namespace ringcache::node
