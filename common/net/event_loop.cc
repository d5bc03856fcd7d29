#include "common/net/event_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace ringcache::common {

static_assert(kIoRead == EPOLLIN && kIoWrite == EPOLLOUT && kIoError == EPOLLERR &&
              kIoHangup == EPOLLHUP);

namespace {

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

EventLoop::EventLoop() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw_errno("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    ::close(epoll_fd_);
    throw_errno("eventfd");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // nullptr marks the wake-up fd
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) {
    ::close(wake_fd_);
    ::close(epoll_fd_);
    throw_errno("epoll_ctl");
  }
}

EventLoop::~EventLoop() {
  // Tasks still queued may own objects (e.g. connections); destroy them before the fds go.
  tasks_.clear();
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void EventLoop::run() {
  owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
  running_ = true;
  std::array<epoll_event, 256> events;
  while (running_) {
    int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                         next_timeout_ms());
    now_ = Clock::now();
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("epoll_wait");
    }
    for (int i = 0; i < n; ++i) {
      auto* handler = static_cast<IoHandler*>(events[i].data.ptr);
      if (handler == nullptr) {
        drain_wakeup();
      } else {
        handler->on_io(events[i].events);
      }
    }
    timers_.run_due(now_);
    run_tasks();
  }
  owner_.store(std::thread::id{}, std::memory_order_relaxed);
}

int EventLoop::next_timeout_ms() {
  if (tasks_pending_.load(std::memory_order_acquire)) return 0;
  auto deadline = timers_.next_deadline();
  if (!deadline) return -1;
  auto left = *deadline - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  // Round up: waking a little late is fine, waking early would spin until the deadline.
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return ms > 3'600'000 ? 3'600'000 : static_cast<int>(ms);
}

void EventLoop::drain_wakeup() {
  // Read, then clear the flag, then (in run_tasks) swap the queue: a post that sees the flag
  // still set pushed its task before the swap; one that sees it clear writes the eventfd
  // again. (Clearing before the read could swallow a write whose flag stays set: a hang.)
  uint64_t count;
  [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
  wake_pending_.store(false, std::memory_order_seq_cst);
}

void EventLoop::run_tasks() {
  if (!tasks_pending_.load(std::memory_order_acquire)) return;
  {
    std::lock_guard lock(mutex_);
    running_tasks_.swap(tasks_);
    tasks_pending_.store(false, std::memory_order_relaxed);
  }
  for (auto& task : running_tasks_) task();
  running_tasks_.clear();
}

void EventLoop::post(Task fn) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(fn));
    tasks_pending_.store(true, std::memory_order_release);
  }
  // The loop thread checks the queue before it sleeps; other threads must wake it.
  if (!in_loop_thread() && !wake_pending_.exchange(true, std::memory_order_seq_cst)) {
    uint64_t one = 1;
    [[maybe_unused]] auto r = ::write(wake_fd_, &one, sizeof one);
  }
}

void EventLoop::stop() {
  post([this] { running_ = false; });
}

bool EventLoop::add_fd(int fd, uint32_t events, IoHandler* handler) {
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = handler;
  return ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

void EventLoop::modify_fd(int fd, uint32_t events, IoHandler* handler) {
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = handler;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
}

void EventLoop::remove_fd(int fd) { ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr); }

}  // namespace ringcache::common
