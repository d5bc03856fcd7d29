// Settings: what the node's command line configures, with memcached's defaults.
// main.cc fills it (Program_options stays there); validate() checks it.
#pragma once

#include <cstddef>
#include <string>
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
  // -o options that were accepted, as given (name, value), for `stats settings`.
  std::vector<std::pair<std::string, std::string>> extra_options;
};

// Returns an empty string when the settings are usable, else a one-line reason.
std::string validate(const Settings& settings);

}  // namespace ringcache::node
