// Settings: what the node's command line configures, with memcached's defaults.
// main.cc tokenizes argv (Program_options stays there) and hands each option, by its long
// name, to apply_options(); validate() then checks the whole. Both are free of I/O except
// validate()'s host name lookup for -l.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringcache::node {

struct Settings {
  int port = 11211;                          // -p (0 = let the OS pick)
  int udp_port = 0;                          // -U (0 = off)
  std::string unix_socket;                   // -s
  int unix_mask = 0700;                      // -a (octal)
  std::vector<std::string> listen = {"127.0.0.1"};  // -l, comma separated
  std::size_t memory_limit = 64u << 20;      // -m (megabytes on the command line)
  int max_connections = 1024;                // -c
  int threads = 4;                           // -t
  std::size_t item_size_max = 1u << 20;      // -I (k/m suffixes)
  int verbose = 0;                           // -v, -vv, -vvv
  bool use_cas = true;                       // -C turns it off
  bool evict = true;                         // -M turns it off
  bool shutdown_enabled = false;             // -A
  bool flush_enabled = true;                 // -F turns it off
  int backlog = 1024;                        // -b
  int reqs_per_event = 20;                   // -R
  std::string protocol = "auto";             // -B auto|ascii|binary
  bool daemonize = false;                    // -d
  std::string pid_file;                      // -P
  std::string user;                          // -u (accepted; never enforced)
  bool sasl = false;                         // -S
  std::string auth_file;                     // -Y (text-protocol auth)
  double growth_factor = 1.25;               // -f (reported only)
  int chunk_size = 48;                       // -n (reported only)
  int idle_timeout = 0;                      // -o idle_timeout=SECONDS (0 = never)
  bool maxconns_fast = true;                 // -o maxconns_fast / no_maxconns_fast
  // -o options that were accepted, as given (name, value), for `stats settings`.
  std::vector<std::pair<std::string, std::string>> extra_options;
};

// Returns an empty string when the settings are usable, else a one-line reason.
std::string validate(const Settings& settings);

/// One command-line option by its long name ("port", "verbose", ...) and its value
/// ("" for flags), in command-line order.
using OptionValue = std::pair<std::string, std::string>;

/// Applies options in order as memcached's getopt loop does (-v counts, -l adds to the
/// list, which replaces the default). Returns "" or a one-line reason (a value that is not
/// a number, an unknown name, an unknown -o option).
std::string apply_options(Settings& settings, const std::vector<OptionValue>& options);

/// Applies one -o argument: a comma-separated list of key[=value].
std::string apply_extended_options(Settings& settings, std::string_view list);

/// memcached's -o options that are accepted for compatibility and have no effect here.
std::vector<std::string_view> ignored_extended_options();

/// Parses a size: digits with an optional k/m/g suffix (any case; powers of 1024).
/// `unit` multiplies a number that has no suffix. False on junk or overflow.
bool parse_size(std::string_view text, std::size_t unit, std::size_t& out);

}  // namespace ringcache::node
