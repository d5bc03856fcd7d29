#include "common/net/event_loop.h"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ringcache::common {
namespace {

using namespace std::chrono_literals;

TEST(EventLoopTest, PostFromManyThreadsRunsEveryTaskInPostingOrder) {
  EventLoop loop;
  std::thread runner([&] { loop.run(); });
  constexpr int kThreads = 4, kPerThread = 20000;
  std::vector<int> last(kThreads, -1);  // loop thread only
  std::atomic<bool> in_order{true};
  std::atomic<int> done{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < kThreads; ++t) {
    posters.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        loop.post([&, t, i] {
          if (!loop.in_loop_thread() || last[t] != i - 1) in_order = false;
          last[t] = i;
          done.fetch_add(1, std::memory_order_relaxed);
        });
      }
    });
  }
  for (auto& p : posters) p.join();
  loop.stop();  // runs after everything posted before it
  runner.join();
  EXPECT_EQ(done.load(), kThreads * kPerThread);
  EXPECT_TRUE(in_order.load());
}

TEST(EventLoopTest, TimersFireInDeadlineOrderAndCancelledOnesDoNot) {
  EventLoop loop;
  std::vector<int> fired;
  auto start = EventLoop::Clock::now();
  EventLoop::Clock::duration elapsed{};
  loop.post([&] {
    loop.run_after(30ms, [&] {
      fired.push_back(3);
      elapsed = EventLoop::Clock::now() - start;
      loop.stop();
    });
    loop.run_after(10ms, [&] { fired.push_back(1); });
    auto id = loop.run_after(20ms, [&] { fired.push_back(99); });
    loop.run_after(15ms, [&] { fired.push_back(2); });
    EXPECT_TRUE(loop.cancel_timer(id));
  });
  std::thread runner([&] { loop.run(); });
  runner.join();
  EXPECT_EQ(fired, (std::vector<int>{1, 2, 3}));
  EXPECT_GE(elapsed, 30ms);
  EXPECT_LT(elapsed, 2000ms);
}

struct PipeReader : IoHandler {
  int fd = -1;
  std::string got;
  EventLoop* loop = nullptr;
  void on_io(uint32_t events) override {
    char buf[64];
    if (events & kIoRead) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) got.append(buf, static_cast<std::size_t>(n));
      if (got == "ping") loop->stop();
    }
  }
};

TEST(EventLoopTest, ReportsReadableDescriptors) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
  EventLoop loop;
  PipeReader reader;
  reader.fd = sv[0];
  reader.loop = &loop;
  loop.post([&] {
    EXPECT_TRUE(loop.add_fd(sv[0], kIoRead, &reader));
    loop.run_after(5s, [&] { loop.stop(); });  // bound the test if the event never comes
  });
  std::thread runner([&] { loop.run(); });
  ASSERT_EQ(::write(sv[1], "ping", 4), 4);
  runner.join();  // the reader stops the loop
  EXPECT_EQ(reader.got, "ping");
  ::close(sv[0]);
  ::close(sv[1]);
}

}  // namespace
}  // namespace ringcache::common
