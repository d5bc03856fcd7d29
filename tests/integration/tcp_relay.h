// TcpRelay: a TCP relay on 127.0.0.1, placed between the proxy and one node, that acts out a
// slow or partitioned network. Kernel netem would be the usual tool, but this kernel has no
// netem qdisc (`tc qdisc add dev lo root netem delay 100ms` fails: "unknown qdisc"), and a
// network namespace would need privileges CI may lack, so the delay is added here, in user
// space: every chunk read from one side is forwarded to the other `delay` later, in order.
//
// One thread polls every socket; all state lives on it, and the controls are atomics that it
// reads on each turn (within kTurn).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>

namespace ringcache::integration {

class TcpRelay {
 public:
  /// Listens on a free 127.0.0.1 port and relays each connection to 127.0.0.1:target_port.
  explicit TcpRelay(int target_port);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  /// "" when listening, else why not.
  const std::string& error() const { return error_; }
  int port() const { return port_; }

  /// Bytes read from now on are forwarded this much later (both directions).
  void set_delay(std::chrono::milliseconds delay) { delay_ms_ = delay.count(); }
  /// On: a partition that drops packets; connections stay open (and new ones are accepted)
  /// but nothing is forwarded. Off again: the connections that lost bytes are reset, as a
  /// peer would be after a long partition, and new ones relay normally.
  void set_partitioned(bool on);
  /// Relayed connection pairs now open.
  std::size_t connections() const { return open_pairs_.load(); }

 private:
  struct Impl;
  void run();

  std::string error_;
  int port_ = 0;
  int target_port_ = 0;
  int listen_fd_ = -1;
  std::atomic<long> delay_ms_{0};
  std::atomic<bool> partitioned_{false};
  std::atomic<unsigned> reset_generation_{0};
  std::atomic<std::size_t> open_pairs_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace ringcache::integration
