// Runs the real ringcache-node binary with memcached's flags: bad values must stop it at
// once with a non-zero status and a one-line reason; -h, -V and -d behave as memcached's.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Outcome {
  int status = -1;  // exit status, or -1 when killed after the deadline
  std::string out;
  std::string err;
};

// Runs the node with `args`; kills it if it is still running after `limit`.
Outcome run_node(const std::vector<std::string>& args,
                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) std::abort();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>(RINGCACHE_NODE_BIN)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  Outcome outcome;
  auto deadline = std::chrono::steady_clock::now() + limit;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&outcome.out, &outcome.err};
  int open_pipes = 2;
  while (open_pipes > 0 && std::chrono::steady_clock::now() < deadline) {
    if (poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  for (pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  if (open_pipes > 0) kill(pid, SIGKILL);
  int wait_status = 0;
  waitpid(pid, &wait_status, 0);
  if (open_pipes == 0 && WIFEXITED(wait_status)) outcome.status = WEXITSTATUS(wait_status);
  return outcome;
}

struct BadCase {
  std::vector<std::string> args;
  std::string message;  // part of the one-line reason
};

TEST(CliTest, InvalidFlagsStopAtStartWithAReason) {
  const std::vector<BadCase> cases = {
      {{"-Q"}, "unrecognised option '-Q'"},
      {{"--no-such-flag"}, "unrecognised option"},
      {{"-p"}, "argument for option '--port' is missing"},
      {{"-c", "0"}, "Maximum connections must be greater than 0"},
      {{"-t", "0"}, "Number of threads must be greater than 0"},
      {{"-t", "100000"}, "Number of threads must be at most"},
      {{"-I", "1000"}, "Item max size cannot be less than 1024 bytes."},
      {{"-I", "256m", "-m", "64"}, "higher than 1/2 of memory max"},
      {{"-m", "4096", "-I", "2g"}, "higher than a gigabyte"},
      {{"-m", "0"}, "Memory limit"},
      {{"-B", "http"}, "Invalid value for binding protocol: http"},
      {{"-l", "999.1.1.1"}, "999.1.1.1"},
      {{"-l", "127.0.0.1,[::1"}, "[::1"},
      {{"-p", "-1"}, "Invalid port number -1"},
      {{"-p", "65536"}, "Invalid port number 65536"},
      {{"-p", "abc"}, "invalid value \"abc\" for -p"},
      {{"-c", "many"}, "invalid value \"many\" for -c"},
      {{"-m", "lots"}, "invalid value \"lots\" for -m"},
      {{"-U", "70000"}, "Invalid UDP port number 70000"},
      {{"-U", "11211", "-Y", "/nonexistent"}, "Cannot use UDP with ascii authentication"},
      {{"-S"}, "needs a password file"},
      {{"-S", "-B", "ascii"}, "You cannot allow the ASCII protocol while using SASL."},
      {{"-S", "-o", "sasl_pwdb=/nonexistent"}, "Could not open authfile [/nonexistent]"},
      {{"-Y", "/etc/hostname"}, "has a malformed entry"},
      {{"-Y", "/nonexistent", "-B", "binary"}, "BINARY protocol while using ascii"},
      {{"-o", "no_modern,bogus_option"}, "Illegal suboption \"bogus_option\""},
      {{"-o", "hashpower"}, "Missing argument for -o hashpower"},
      {{"-o", "ext_path=/tmp/x:1g"}, "not supported"},
      {{"stray"}, "unexpected argument 'stray'"},
  };
  for (const BadCase& c : cases) {
    std::string shown;
    for (const std::string& a : c.args) shown += a + " ";
    Outcome o = run_node(c.args);
    EXPECT_GT(o.status, 0) << shown;
    EXPECT_NE(o.err.find(c.message), std::string::npos) << shown << "stderr: " << o.err;
    // One line, naming the program, and nothing on stdout.
    EXPECT_EQ(o.err.find("ringcache-node: "), 0u) << shown << o.err;
    EXPECT_EQ(o.err.find('\n'), o.err.size() - 1) << shown << o.err;
    EXPECT_EQ(o.out, "") << shown;
  }
}

TEST(CliTest, ExitStatusesFollowMemcached) {
  EXPECT_EQ(run_node({"-Q"}).status, 1);           // getopt error
  EXPECT_EQ(run_node({"-o", "bogus"}).status, 1);  // Illegal suboption
  EXPECT_EQ(run_node({"-I", "256m"}).status, 64);  // EX_USAGE, as memcached's -I checks
  EXPECT_EQ(run_node({"-B", "http"}).status, 64);
}

TEST(CliTest, HelpListsTheFlagsAndExitsZero) {
  Outcome o = run_node({"-h"});
  EXPECT_EQ(o.status, 0);
  for (const char* text : {"-p, --port", "-l, --listen", "127.0.0.1", "-I, --max-item-size",
                           "-o, --extended", "slab_chunk_max", "ignored", "-U, --udp-port",
                           "amplification"}) {
    EXPECT_NE(o.out.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(run_node({"--help"}).out, o.out);
}

TEST(CliTest, VersionPrintsOneLineAndExitsZero) {
  Outcome o = run_node({"-V"});
  EXPECT_EQ(o.status, 0);
  EXPECT_EQ(o.out.rfind("ringcache-node ", 0), 0u) << o.out;
  EXPECT_EQ(o.out.find('\n'), o.out.size() - 1);
  EXPECT_EQ(run_node({"--version"}).out, o.out);
}

TEST(CliTest, GetoptStyleSpellingsAreAccepted) {
  // Combined flags, attached values, long forms and memcached's tuning -o options all parse;
  // -V then stops before anything starts.
  for (std::vector<std::string> args :
       {std::vector<std::string>{"-vvv", "-p11211", "-m64", "-V"},
        {"-vdMCp", "11211", "-V"},
        {"--port=11211", "--memory-limit", "64", "--threads=2", "--conn-limit=10", "-V"},
        {"-o", "slab_chunk_max=16,no_modern,lru_crawler,hash_algorithm=murmur3", "-V"},
        {"-u", "nobody", "-V"}}) {
    EXPECT_EQ(run_node(args).status, 0) << args.front();
  }
}

bool process_gone(pid_t pid) {
  if (kill(pid, 0) != 0) return true;
  // Reparented to an init that may not reap: a zombie counts as gone.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  stat >> pid_field >> comm >> state;
  return state == "Z";
}

TEST(CliTest, DaemonWritesPidFileDetachesAndCleansUp) {
  std::string pid_file =
      testing::TempDir() + "ringcache-cli-test-" + std::to_string(getpid()) + ".pid";
  unlink(pid_file.c_str());
  Outcome o = run_node({"-d", "-P", pid_file, "-l", "127.0.0.1", "-p", "0", "-t", "1"});
  ASSERT_EQ(o.status, 0) << o.err;
  // The parent returns only once the daemon wrote its pid.
  long pid = 0;
  std::ifstream(pid_file) >> pid;
  ASSERT_GT(pid, 1);
  EXPECT_FALSE(process_gone(static_cast<pid_t>(pid)));
  EXPECT_NE(getsid(static_cast<pid_t>(pid)), getsid(0));  // its own session
  // At once: a SIGTERM that arrives while the daemon is still starting must still stop it
  // gracefully and remove the pid file.
  ASSERT_EQ(kill(static_cast<pid_t>(pid), SIGTERM), 0);
  for (int i = 0; i < 400 && !process_gone(static_cast<pid_t>(pid)); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!process_gone(static_cast<pid_t>(pid))) kill(static_cast<pid_t>(pid), SIGKILL);
  EXPECT_TRUE(process_gone(static_cast<pid_t>(pid)));
  EXPECT_NE(access(pid_file.c_str(), F_OK), 0) << "pid file left behind";
  unlink(pid_file.c_str());
}

}  // namespace
