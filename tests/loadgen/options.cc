#include "options.h"

#include <arpa/inet.h>
#include <getopt.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace ringcache::loadgen {
namespace {

constexpr const char* kUsage = R"(usage: ringcache-loadgen [options]
A memcached text-protocol load generator. Connects only to loopback addresses.
  --host H            server address, loopback only (127.0.0.1)
  --port P            server port (11211)
  --threads T         generator threads (1)
  --connections N     connections, spread over the threads (50)
  --pipeline D        requests in flight per connection (1)
  --ratio G:S         get:set mix (9:1)
  --value-size B      bytes per stored value (100)
  --value-sizes A,B   a mix of value sizes instead: each key gets one, chosen by its index
  --key-space K       number of distinct keys (100000)
  --key-prefix S      key prefix; keys are PREFIX + zero-padded index (key:)
  --distribution D    uniform | zipf (uniform)
  --zipf-s S          Zipf exponent (0.99)
  --multiget K        keys per get (1)
  --duration S        measured seconds (10)
  --requests N        measure a fixed number of requests instead
  --warmup S          unmeasured seconds of the same load first (0)
  --prefill           store every key once before the load
  --fill-until-evict  memory check: set key 0, 1, 2 ... until the server evicts
  --fill-max-keys N   stop the memory check after N keys (1000000)
  --server-pid PID[,PID...]  report the CPU time per request and RSS of these processes
                      (summed: a proxy and its nodes count together)
  --replay SRC        hit-ratio replay, cache-aside (get; set on a miss): SRC is "zipf"
                      (--requests gets over --key-space, --zipf-s) or a trace file of
                      "KEY SIZE" lines (scripts/bench.d/tracegen.py writes one)
  --replay-batch N    gets per pipelined batch in a replay (64)
  --replay-warmup N   replay the first N gets (and their sets) without counting them, so
                      that the hit ratio is the full cache's, not the cold start's (0)
  --max-time S        hard bound on the whole run (600)
  --seed N            random seed (1)
  --output F          human | kv | both (both)
  --histogram         print the latency distribution (human output)
)";

enum OptionId {
  kHost = 256, kPort, kThreads, kConnections, kPipeline, kRatio, kValueSize, kKeySpace,
  kKeyPrefix, kDistribution, kZipfS, kMultiget, kDuration, kRequests, kWarmup, kPrefill,
  kFill, kFillMax, kServerPid, kMaxTime, kSeed, kOutput, kHistogram, kHelp, kValueSizes,
  kReplay, kReplayBatch, kReplayWarmup
};

const option kLongOptions[] = {
    {"host", required_argument, nullptr, kHost},
    {"port", required_argument, nullptr, kPort},
    {"threads", required_argument, nullptr, kThreads},
    {"connections", required_argument, nullptr, kConnections},
    {"pipeline", required_argument, nullptr, kPipeline},
    {"ratio", required_argument, nullptr, kRatio},
    {"value-size", required_argument, nullptr, kValueSize},
    {"key-space", required_argument, nullptr, kKeySpace},
    {"key-prefix", required_argument, nullptr, kKeyPrefix},
    {"distribution", required_argument, nullptr, kDistribution},
    {"zipf-s", required_argument, nullptr, kZipfS},
    {"multiget", required_argument, nullptr, kMultiget},
    {"duration", required_argument, nullptr, kDuration},
    {"requests", required_argument, nullptr, kRequests},
    {"warmup", required_argument, nullptr, kWarmup},
    {"prefill", no_argument, nullptr, kPrefill},
    {"fill-until-evict", no_argument, nullptr, kFill},
    {"fill-max-keys", required_argument, nullptr, kFillMax},
    {"server-pid", required_argument, nullptr, kServerPid},
    {"max-time", required_argument, nullptr, kMaxTime},
    {"seed", required_argument, nullptr, kSeed},
    {"output", required_argument, nullptr, kOutput},
    {"histogram", no_argument, nullptr, kHistogram},
    {"help", no_argument, nullptr, kHelp},
    {"value-sizes", required_argument, nullptr, kValueSizes},
    {"replay", required_argument, nullptr, kReplay},
    {"replay-batch", required_argument, nullptr, kReplayBatch},
    {"replay-warmup", required_argument, nullptr, kReplayWarmup},
    {nullptr, 0, nullptr, 0},
};

// Integer argument within [lo, hi]; false when malformed or out of range.
bool to_uint(const char* text, uint64_t lo, uint64_t hi, uint64_t* out) {
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

bool to_double(const char* text, double lo, double hi, double* out) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != '\0' || !(v >= lo && v <= hi)) return false;
  *out = v;
  return true;
}

template <typename T>
bool to_int(const char* text, uint64_t lo, uint64_t hi, T* out) {
  uint64_t v = 0;
  if (!to_uint(text, lo, hi, &v)) return false;
  *out = static_cast<T>(v);
  return true;
}

// Applies one option; false when its argument is invalid.
bool apply(int id, const char* arg, Options& o) {
  switch (id) {
    case kHost: o.host = arg; return true;
    case kPort: return to_int(arg, 1, 65535, &o.port);
    case kThreads: return to_int(arg, 1, 64, &o.threads);
    case kConnections: return to_int(arg, 1, 10000, &o.connections);
    case kPipeline: return to_int(arg, 1, 1024, &o.pipeline);
    case kRatio: {
      auto r = parse_ratio(arg);
      if (r) o.get_ratio = *r;
      return r.has_value();
    }
    case kValueSize: return to_int(arg, 1, 1 << 20, &o.value_size);
    case kKeySpace: return to_int(arg, 1, 1'000'000'000, &o.key_space);
    case kKeyPrefix: o.key_prefix = arg; return !o.key_prefix.empty() && o.key_prefix.size() < 200;
    case kDistribution:
      if (std::string(arg) == "uniform") o.distribution = Distribution::kUniform;
      else if (std::string(arg) == "zipf") o.distribution = Distribution::kZipf;
      else return false;
      return true;
    case kZipfS: return to_double(arg, 0.01, 10, &o.zipf_s);
    case kMultiget: return to_int(arg, 1, 100, &o.multiget);
    case kDuration: return to_double(arg, 0.1, 3600, &o.duration_s);
    case kRequests: return to_int(arg, 1, 1'000'000'000'000, &o.requests);
    case kWarmup: return to_double(arg, 0, 600, &o.warmup_s);
    case kPrefill: o.prefill = true; return true;
    case kFill: o.fill_until_evict = true; return true;
    case kFillMax: return to_int(arg, 1, 1'000'000'000, &o.fill_max_keys);
    case kServerPid: {
      auto pids = parse_list(arg, 1, 1u << 30);
      if (pids) o.server_pids.assign(pids->begin(), pids->end());
      return pids.has_value();
    }
    case kValueSizes: {
      auto sizes = parse_list(arg, 1, 1 << 20);
      if (sizes) o.value_sizes.assign(sizes->begin(), sizes->end());
      return sizes.has_value();
    }
    case kReplay: o.replay = arg; return !o.replay.empty();
    case kReplayBatch: return to_int(arg, 1, 4096, &o.replay_batch);
    case kReplayWarmup: return to_int(arg, 0, 1'000'000'000'000, &o.replay_warmup);
    case kMaxTime: return to_double(arg, 1, 3600, &o.max_time_s);
    case kSeed: return to_int(arg, 0, UINT64_MAX, &o.seed);
    case kOutput:
      if (std::string(arg) == "human") o.output = OutputFormat::kHuman;
      else if (std::string(arg) == "kv") o.output = OutputFormat::kKv;
      else if (std::string(arg) == "both") o.output = OutputFormat::kBoth;
      else return false;
      return true;
    case kHistogram: o.histogram = true; return true;
    default: return false;
  }
}

// Cross-option checks that a single option cannot make.
const char* check(const Options& o) {
  if (!is_loopback(o.host)) return "--host must be a loopback address (127.0.0.0/8, ::1, localhost)";
  if (o.connections < o.threads) return "--connections must be at least --threads";
  if (o.replay == "zipf" && o.requests == 0) return "--replay zipf needs --requests";
  if (o.replay == "zipf" && o.replay_warmup >= o.requests)
    return "--replay-warmup must be below --requests (the warm-up is the stream's first gets)";
  if (o.warmup_s + o.duration_s > o.max_time_s && o.requests == 0 && o.replay.empty())
    return "--warmup + --duration exceed --max-time";
  return nullptr;
}

}  // namespace

std::optional<double> parse_ratio(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos) return std::nullopt;
  double g = 0, s = 0;
  if (!to_double(text.substr(0, colon).c_str(), 0, 1e9, &g)) return std::nullopt;
  if (!to_double(text.substr(colon + 1).c_str(), 0, 1e9, &s)) return std::nullopt;
  if (g + s <= 0) return std::nullopt;
  return g / (g + s);
}

std::optional<std::vector<uint64_t>> parse_list(const std::string& text, uint64_t lo, uint64_t hi) {
  std::vector<uint64_t> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t comma = std::min(text.find(',', at), text.size());
    uint64_t v = 0;
    if (!to_uint(text.substr(at, comma - at).c_str(), lo, hi, &v)) return std::nullopt;
    out.push_back(v);
    at = comma + 1;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

bool is_loopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::string resolve_loopback(const std::string& host) {
  return host == "localhost" ? "127.0.0.1" : host;
}

std::optional<Options> parse_options(int argc, char** argv, int* exit_code) {
  Options o;
  optind = 1;
  int id = 0;
  while ((id = getopt_long(argc, argv, "h", kLongOptions, nullptr)) != -1) {
    if (id == kHelp || id == 'h') {
      std::fputs(kUsage, stdout);
      *exit_code = 0;
      return std::nullopt;
    }
    if (id == '?' || !apply(id, optarg, o)) {
      if (id != '?') std::fprintf(stderr, "ringcache-loadgen: bad value for --%s: %s\n",
                                  kLongOptions[id - kHost].name, optarg);
      std::fputs(kUsage, stderr);
      *exit_code = 2;
      return std::nullopt;
    }
  }
  const char* err = optind < argc ? "unexpected positional argument" : check(o);
  if (err) {
    std::fprintf(stderr, "ringcache-loadgen: %s\n", err);
    *exit_code = 2;
    return std::nullopt;
  }
  return o;
}

}  // namespace ringcache::loadgen
