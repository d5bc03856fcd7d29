// Command-line options of ringcache-loadgen and their validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  std::vector<int> server_pids;  // CPU time and RSS from /proc, summed over these processes
  std::vector<std::size_t> value_sizes;  // a mix: each key's size is picked from this list
  std::string replay;        // "zipf" or a trace file: cache-aside hit-ratio replay
  int replay_batch = 64;     // gets per pipelined batch in a replay
  uint64_t replay_warmup = 0;  // the replay's first N gets fill the cache and are not counted
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

/// "1,2,3" -> {1, 2, 3} with every element in [lo, hi]; nullopt when malformed.
std::optional<std::vector<uint64_t>> parse_list(const std::string& text, uint64_t lo, uint64_t hi);

/// "9:1" -> 0.9; nullopt when malformed.
std::optional<double> parse_ratio(const std::string& text);

}  // namespace ringcache::loadgen
