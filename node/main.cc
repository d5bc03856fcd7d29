// ringcache-node: reads memcached's command line into Settings, checks it, sets the
// process up (-d, -P, open-file limit) and runs the server.
//
// Exit status, as memcached: 1 when the command line cannot be read (unknown flag, missing
// or malformed value, unknown -o option), 64 (EX_USAGE) when a value is out of range,
// 71 (EX_OSERR) when the process cannot be set up; otherwise what the server returns.
#include <signal.h>
#include <sysexits.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "common/net/stop_signals.h"
#include "node/auth/credentials.h"
#include "node/server/daemon.h"
#include "node/server/node_server.h"
#include "node/server/settings.h"

namespace po = boost::program_options;
using ringcache::node::OptionValue;
using ringcache::node::Settings;

namespace {

constexpr const char* kVersion = "ringcache-node 0.1.0 (memcached 1.6 compatible)";
constexpr int kExitBadCommandLine = 1;
// Descriptors beyond -c: listeners, event loop and wake-up fds, the pid file, stdio.
constexpr std::size_t kSpareDescriptors = 64;

// The flags, with memcached's long names. Values stay strings: apply_options() converts
// them, so its checks and messages do not depend on Program_options.
po::options_description option_table() {
  po::options_description table;
  auto add_value = [&](const char* names) { table.add_options()(names, po::value<std::string>()); };
  auto add_flag = [&](const char* names) { table.add_options()(names, po::bool_switch()); };
  for (const char* names : {"port,p", "udp-port,U", "unix-socket,s", "unix-mask,a", "listen,l",
                            "user,u", "memory-limit,m", "conn-limit,c", "pidfile,P",
                            "slab-growth-factor,f", "slab-min-size,n", "threads,t",
                            "max-reqs-per-event,R", "listen-backlog,b", "protocol,B",
                            "max-item-size,I", "auth-file,Y", "extended,o"}) {
    add_value(names);
  }
  for (const char* names : {"enable-shutdown,A", "daemon,d", "disable-evictions,M", "verbose,v",
                            "help,h", "version,V", "disable-cas,C", "enable-sasl,S",
                            "disable-flush-all,F", "disable-dumping,X", "disable-watch,W"}) {
    add_flag(names);
  }
  return table;
}

// Splits argv like getopt_long: `-vv`, `-p11211`, `-vdp 11211`, `--port=11211`,
// `--port 11211` and repeated flags all work. The parsed options are read in order rather
// than stored in a variables_map, because memcached's flags repeat (-v -v, -l a -l b).
bool tokenize(int argc, char** argv, std::vector<OptionValue>& out, std::string& error) {
  try {
    po::parsed_options parsed = po::command_line_parser(argc, argv)
                                    .options(option_table())
                                    .style(po::command_line_style::unix_style)
                                    .run();
    for (const po::option& option : parsed.options) {
      if (option.position_key >= 0) {
        error = "unexpected argument '" + option.value.front() + "'";
        return false;
      }
      out.emplace_back(option.string_key, option.value.empty() ? "" : option.value.front());
    }
    return true;
  } catch (const po::error& e) {
    error = e.what();
    return false;
  }
}

void print_usage() {
  std::string ignored;
  std::size_t line = 80;  // width of the current output line; starts "full"
  for (std::string_view name : ringcache::node::ignored_extended_options()) {
    if (line + 1 + name.size() > 78) {
      ignored += "\n    ";
      line = 4;
    }
    ignored += " ";
    ignored += name;
    line += 1 + name.size();
  }
  std::printf(
      "%s\n"
      "-p, --port=<num>          TCP port to listen on (default: 11211; 0: any free port)\n"
      "-U, --udp-port=<num>      UDP port (default: 0, off); on the -l addresses. Never\n"
      "                          expose it to untrusted networks (reply amplification)\n"
      "-s, --unix-socket=<file>  UNIX socket to listen on (disables network support)\n"
      "-a, --unix-mask=<mask>    access mask for UNIX socket, in octal (default: 700)\n"
      "-A, --enable-shutdown     enable ascii \"shutdown\" command\n"
      "-l, --listen=<addr>       interfaces to listen on, comma separated, each\n"
      "                          <ip>, <host>, <ip>:<port> or [<ipv6>]:<port>; * = all\n"
      "                          (default: 127.0.0.1 only, unlike memcached's INADDR_ANY)\n"
      "-d, --daemon              run as a daemon\n"
      "-u, --user=<user>         accepted for compatibility and ignored (runs as the\n"
      "                          invoking user, root included)\n"
      "-m, --memory-limit=<num>  memory for items in megabytes, or with a k/m/g suffix\n"
      "                          (default: 64); everything the cache stores counts\n"
      "-M, --disable-evictions   return error on memory exhausted instead of evicting\n"
      "-c, --conn-limit=<num>    max simultaneous connections (default: 1024)\n"
      "-v, --verbose             verbose (print errors/warnings while in event loop)\n"
      "-vv                       very verbose (also print client commands/responses)\n"
      "-vvv                      extremely verbose (internal state transitions)\n"
      "-h, --help                print this help and exit\n"
      "-V, --version             print version and exit\n"
      "-P, --pidfile=<file>      save PID in <file> (removed at exit)\n"
      "-f, --slab-growth-factor=<num> accepted for compatibility; no slab allocator here\n"
      "-n, --slab-min-size=<bytes> accepted for compatibility; no slab allocator here\n"
      "-t, --threads=<num>       number of threads to use (default: 4, max: 256)\n"
      "-R, --max-reqs-per-event  maximum number of requests per event, limits the\n"
      "                          requests processed per connection (default: 20)\n"
      "-C, --disable-cas         disable use of CAS\n"
      "-b, --listen-backlog=<num> set the backlog queue limit (default: 1024)\n"
      "-B, --protocol=<name>     protocol - one of ascii, binary, or auto (default: auto)\n"
      "-I, --max-item-size=<num> adjusts max item size, k/m/g suffixes\n"
      "                          (default: 1m, min: 1k, max: 1024m and 1/2 of -m)\n"
      "-S, --enable-sasl         SASL PLAIN authentication on the binary protocol; users\n"
      "                          from -o sasl_pwdb=FILE or $MEMCACHED_SASL_PWDB\n"
      "-F, --disable-flush-all   disable flush_all command\n"
      "-X, --disable-dumping     accepted; there is no cachedump to disable\n"
      "-W, --disable-watch       accepted; there is no watch to disable\n"
      "-Y, --auth-file=<file>    ASCII protocol authentication; file of user:password lines\n"
      "-o, --extended            comma separated list of extended options:\n"
      "   - maxconns_fast:       close new connections at once after the limit (default)\n"
      "   - no_maxconns_fast:    stop accepting at the limit instead\n"
      "   - idle_timeout:        seconds before an idle connection is closed\n"
      "                          (default: 0, no timeout)\n"
      "   Accepted for compatibility with memcached and ignored (values not checked):%s\n"
      "   ext_path (extstore) is refused: there is no external storage.\n"
      "Exit status: 0 ok, 1 unreadable command line, 64 invalid value, 71 set-up failed.\n",
      kVersion, ignored.c_str());
}

// Runs the server with the process set up as asked; returns the exit status.
int start(const Settings& settings) {
  // Until the server's handlers exist, a SIGTERM waits instead of leaving the pid file.
  ringcache::common::block_stop_signals();
  std::string error = ringcache::node::raise_fd_limit(
      static_cast<std::size_t>(settings.max_connections) + kSpareDescriptors);
  if (error.empty() && settings.daemonize) {
    if (signal(SIGHUP, SIG_IGN) == SIG_ERR) std::perror("Failed to ignore SIGHUP");
    // As memcached: stderr stays open with -v so that the daemon's messages are not lost.
    error = ringcache::node::daemonize(settings.verbose > 0);
  }
  if (error.empty() && !settings.pid_file.empty()) {
    error = ringcache::node::write_pid_file(settings.pid_file);
  }
  ringcache::node::daemon_ready(error);
  if (!error.empty()) {
    std::cerr << "ringcache-node: " << error << "\n";
    return EX_OSERR;
  }
  int status = ringcache::node::run_node(settings);
  ringcache::node::remove_pid_file(settings.pid_file);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<OptionValue> options;
  std::string error;
  if (!tokenize(argc, argv, options, error)) {
    std::cerr << "ringcache-node: " << error << " (see ringcache-node -h)\n";
    return kExitBadCommandLine;
  }
  for (const auto& [name, value] : options) {
    if (name == "help") {
      print_usage();
      return 0;
    }
    if (name == "version") {
      std::printf("%s\n", kVersion);
      return 0;
    }
  }
  Settings settings;
  error = ringcache::node::apply_options(settings, options);
  if (!error.empty()) {
    std::cerr << "ringcache-node: " << error << "\n";
    return kExitBadCommandLine;
  }
  error = ringcache::node::validate(settings);
  if (error.empty()) ringcache::node::load_credentials(settings, &error);  // fail before serving
  if (!error.empty()) {
    std::cerr << "ringcache-node: " << error << "\n";
    return EX_USAGE;
  }
  // As memcached: -S serves binary only, -Y text only (`stats settings` shows it).
  if (settings.protocol == "auto" && settings.sasl) settings.protocol = "binary";
  if (settings.protocol == "auto" && !settings.auth_file.empty()) settings.protocol = "ascii";
  return start(settings);
}
