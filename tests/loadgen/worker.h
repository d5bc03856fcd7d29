// One generator thread: a level-triggered epoll loop over its share of the connections.
// Each connection keeps `pipeline` requests in flight; a reply is parsed, timed and
// immediately replaced by the next request, and every wakeup costs one read and one write
// per ready connection, so the generator stays cheaper per request than the server.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "histogram.h"
#include "key_chooser.h"
#include "options.h"
#include "request_builder.h"

namespace ringcache::loadgen {

enum class Phase : int { kWarmup, kMeasure, kDone };

/// What one thread saw during the measured window (requests issued while measuring).
struct WorkerStats {
  uint64_t requests = 0;
  uint64_t gets = 0;
  uint64_t sets = 0;
  uint64_t keys = 0;       // keys asked for by gets
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t errors = 0;     // error replies (ERROR, SERVER_ERROR, NOT_STORED ...)
  uint64_t dead_connections = 0;
  Histogram latency;       // nanoseconds, issue to complete reply
  void merge(const WorkerStats& other);
};

class Worker {
 public:
  /// Takes ownership of fds (connected, blocking or not). quota 0 means "until kDone".
  Worker(const Options& options, const RequestBuilder& builder, std::vector<int> fds,
         const std::atomic<Phase>& phase, uint64_t quota, uint64_t seed);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Runs until the phase is kDone, the quota is complete, or every connection died.
  void run();
  const WorkerStats& stats() const { return stats_; }

 private:
  struct Pending {
    int64_t sent_ns;
    uint16_t keys;
    bool get;
    bool measured;
  };
  struct Conn {
    int fd = -1;
    std::vector<char> in;
    std::size_t in_len = 0;
    std::string out;
    std::size_t out_off = 0;
    bool want_out = false;
    std::vector<Pending> ring;
    std::size_t head = 0;
    std::size_t inflight = 0;
  };

  bool setup();
  void handle(Conn& c, uint32_t events);
  bool read_replies(Conn& c);
  void complete(Conn& c, int values, bool error, int64_t now);
  void refill(Conn& c);
  void flush(Conn& c);
  void kill(Conn& c);
  bool may_issue() const;
  bool finished() const;
  void drain();

  const Options& options_;
  const RequestBuilder& builder_;
  const std::atomic<Phase>& phase_;
  Phase phase_now_ = Phase::kWarmup;
  uint64_t quota_;
  uint64_t issued_measured_ = 0;
  std::size_t inflight_total_ = 0;
  std::size_t live_ = 0;
  int epoll_fd_ = -1;
  Rng rng_;
  std::vector<Conn> conns_;
  WorkerStats stats_;
};

}  // namespace ringcache::loadgen
