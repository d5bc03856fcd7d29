// Reading whole replies, and Traffic: client threads that keep a mixed stream of commands
// going through the proxy while a test kills nodes or reloads the configuration, and record
// every reply a client would treat as an error.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/test_client.h"

namespace ringcache::integration {

/// How a reply is framed.
enum class ReplyKind {
  kLine,    // one line (STORED, DELETED, a number, HD, ...)
  kValues,  // get/gets/gat/gats: VALUE blocks up to END (or one error line)
  kMeta,    // mg/ma: one line, plus a data block after "VA <n>"
};

/// One whole reply, or what arrived before the client's timeout / EOF.
std::string read_reply(TestClient& client, ReplyKind kind);

struct Value {
  std::string key;
  std::string flags;
  std::string data;
};
/// The VALUE blocks of a get reply, in order (stops at the first malformed block).
std::vector<Value> parse_values(const std::string& reply);

struct TrafficOptions {
  int port = 0;
  std::size_t connections = 3;
  std::vector<std::string> keys;  ///< at least 3
  /// Whether NOT_STORED / NS are fine (a node is down) or errors (every node is up).
  bool write_failover_allowed = false;
  std::chrono::milliseconds reply_timeout{3000};
};

class Traffic {
 public:
  explicit Traffic(TrafficOptions options);
  ~Traffic() { stop(); }
  Traffic(const Traffic&) = delete;
  Traffic& operator=(const Traffic&) = delete;

  void stop();
  /// Requests answered so far (errors included).
  uint64_t completed() const { return completed_.load(); }
  /// NOT_STORED / NS replies so far.
  uint64_t write_failovers() const { return write_failovers_.load(); }
  /// Misses (END alone, EN, NOT_FOUND, NF) so far.
  uint64_t misses() const { return misses_.load(); }
  uint64_t error_count() const { return error_count_.load(); }
  /// The first errors, each with its request and reply.
  std::vector<std::string> errors() const;
  /// errors() as one printable block.
  std::string error_report() const;
  /// The q-quantile (0..1) of the request latencies recorded since the start or the latest
  /// clear_latencies() (send to whole reply, errors included); zero when none.
  std::chrono::microseconds latency_quantile(double q) const;
  std::size_t latency_samples() const;
  void clear_latencies();

 private:
  void run(std::size_t id);
  // Sends request n of the mixed stream on `c`; false when the connection is unusable.
  bool one_request(TestClient& c, std::size_t id, uint64_t n);
  void record_error(const std::string& request, const std::string& reply);

  TrafficOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> completed_{0};
  std::atomic<uint64_t> write_failovers_{0};
  std::atomic<uint64_t> misses_{0};
  std::atomic<uint64_t> error_count_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> errors_;
  std::vector<uint32_t> latencies_us_;  // bounded by kMaxLatencySamples
  std::vector<std::thread> threads_;
};

/// Polls `condition` every 10 ms until it is true or `limit` passes; returns its last value.
template <typename Condition>
bool eventually(std::chrono::milliseconds limit, Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace ringcache::integration
