// Command-line options of ringcache-loadgen and their validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ringcache::loadgen {

enum class Distribution { kUniform, kZipf };
enum class OutputFormat { kHuman, kKv, kBoth };

/// Everything one run needs; defaults are the w1 workload.
struct Options {
  std::string host = "127.0.0.1";  // must be a loopback address
  uint16_t port = 11211;
  int threads = 1;
  int connections = 50;
  int pipeline = 1;          // requests in flight per connection
  double get_ratio = 0.9;    // share of requests that are gets (from --ratio G:S)
  std::size_t value_size = 100;
  // > value_size: each set's value takes a size between the two, log-uniform (many small
  // values, a few large ones), so a run churns the server's memory across size classes.
  std::size_t value_size_max = 0;
  uint64_t key_space = 100'000;
  std::string key_prefix = "key:";
  Distribution distribution = Distribution::kUniform;
  double zipf_s = 0.99;
  int multiget = 1;          // keys per get
  double duration_s = 10;    // measured window, unless requests > 0
  uint64_t requests = 0;     // fixed request count instead of a duration
  double warmup_s = 0;       // unmeasured load before the window
  bool prefill = false;      // store every key of the key space first
  bool fill_until_evict = false;  // memory check mode: sequential sets until evictions > 0
  uint64_t fill_max_keys = 1'000'000;  // keys stay key:NNNNNN (64 MiB holds far fewer)
  int server_pid = 0;        // read this process's CPU time and RSS from /proc
  double max_time_s = 600;   // hard bound on the whole run
  uint64_t seed = 1;
  OutputFormat output = OutputFormat::kBoth;
  bool histogram = false;    // also print the latency distribution by powers of two
};

/// Parses argv. On error or --help, prints to stderr and returns nullopt with *exit_code set.
std::optional<Options> parse_options(int argc, char** argv, int* exit_code);

/// True for 127.0.0.0/8, ::1 and "localhost"; the generator refuses anything else.
bool is_loopback(const std::string& host);

/// The IPv4/IPv6 literal to connect to ("localhost" becomes 127.0.0.1).
std::string resolve_loopback(const std::string& host);

/// "9:1" -> 0.9; nullopt when malformed.
std::optional<double> parse_ratio(const std::string& text);

}  // namespace ringcache::loadgen
