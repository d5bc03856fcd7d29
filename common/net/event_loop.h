// EventLoop: one level-triggered epoll loop per worker thread. It owns nothing but its fds'
// registrations, its timers and a few per-thread scratch buffers; connections register
// themselves as IoHandlers. Everything except post() and stop() is for the loop's own thread.
//
// One iteration: epoll_wait (timeout = the earliest timer, 0 when tasks are queued) -> I/O
// callbacks -> due timers -> posted tasks. Tasks posted during an iteration run at its end,
// which is also how objects closed in a callback are destroyed safely (after the batch).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/net/read_buffer.h"
#include "common/net/timer_queue.h"

namespace ringcache::common {

/// Receives readiness for one fd. Event bits are epoll's (kIoRead, kIoWrite, ...).
class IoHandler {
 public:
  virtual void on_io(uint32_t events) = 0;

 protected:
  ~IoHandler() = default;
};

inline constexpr uint32_t kIoRead = 0x001;   // EPOLLIN
inline constexpr uint32_t kIoWrite = 0x004;  // EPOLLOUT
inline constexpr uint32_t kIoError = 0x008;  // EPOLLERR
inline constexpr uint32_t kIoHangup = 0x010; // EPOLLHUP

class EventLoop {
 public:
  using Task = std::function<void()>;
  using Clock = std::chrono::steady_clock;
  using TimerId = TimerQueue::TimerId;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  /// Runs on the calling thread until stop() (tasks posted before stop() still run).
  void run();
  /// Any thread: ends run() after the tasks already posted.
  void stop();
  /// Any thread: runs fn on the loop thread, in posting order.
  void post(Task fn);
  bool in_loop_thread() const { return owner_.load(std::memory_order_relaxed) == std::this_thread::get_id(); }

  /// Timers (loop thread). Ids are never 0; cancel returns false once run or cancelled.
  TimerId run_after(Clock::duration delay, Task fn) { return run_at(now_ + delay, std::move(fn)); }
  TimerId run_at(Clock::time_point when, Task fn) { return timers_.add(when, std::move(fn)); }
  bool cancel_timer(TimerId id) { return timers_.cancel(id); }

  /// fd registration (loop thread). `events` is a mask of kIoRead / kIoWrite.
  bool add_fd(int fd, uint32_t events, IoHandler* handler);
  void modify_fd(int fd, uint32_t events, IoHandler* handler);
  void remove_fd(int fd);

  /// Time of the latest wake-up (loop thread; cheap, coarse).
  Clock::time_point now() const { return now_; }
  /// Per-thread scratch (loop thread): standard read chunks, and the biggest idle output buffer.
  /// A connection answering input may write its replies straight into spare_output() while
  /// it holds the claim (nobody else's replies are in it then): no swap, no copy.
  BufferPool& read_buffers() { return read_buffers_; }
  std::string& spare_output() { return spare_output_; }
  bool claim_spare_output() { return spare_claimed_ ? false : (spare_claimed_ = true); }
  void release_spare_output() { spare_claimed_ = false; }
  bool spare_output_claimed() const { return spare_claimed_; }

 private:
  int next_timeout_ms();
  void drain_wakeup();
  void run_tasks();

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  bool running_ = false;
  std::atomic<std::thread::id> owner_{};
  Clock::time_point now_ = Clock::now();
  TimerQueue timers_;

  std::mutex mutex_;
  std::vector<Task> tasks_;          // guarded by mutex_
  std::vector<Task> running_tasks_;  // loop thread: the batch being run
  std::atomic<bool> tasks_pending_{false};
  std::atomic<bool> wake_pending_{false};

  BufferPool read_buffers_;
  std::string spare_output_;
  bool spare_claimed_ = false;
};

}  // namespace ringcache::common
