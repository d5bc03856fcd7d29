// Connection behaviour under a Server: backpressure, the asynchronous control path, draining
// with a deadline, and the read-buffer cap.
#include "common/net/connection.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/common/net/net_test_util.h"

namespace ringcache::common::testing {
namespace {

/// Replies to every "big\n" with `reply_size` bytes and counts what it produced. Returns
/// early past kSoftOutputLimit, as session.h asks.
class BigReplyHandler : public SessionHandler {
 public:
  BigReplyHandler(std::size_t reply_size, std::atomic<uint64_t>& produced)
      : reply_(reply_size, 'r'), produced_(produced) {}
  std::size_t on_input(std::string_view in, std::string& out, bool&) override {
    std::size_t done = 0;
    const std::size_t start = out.size();
    for (auto nl = in.find('\n'); nl != std::string_view::npos; nl = in.find('\n', done)) {
      if (out.size() - start > kSoftOutputLimit) break;
      if (in.substr(done, nl + 1 - done) == "big\n") {
        out += reply_;
        produced_.fetch_add(reply_.size(), std::memory_order_relaxed);
      } else {
        out.append(in.substr(done, nl + 1 - done));
      }
      done = nl + 1;
    }
    return done;
  }

 private:
  std::string reply_;
  std::atomic<uint64_t>& produced_;
};

TEST(ConnectionTest, AClientThatNeverReadsCannotGrowServerMemory) {
  std::atomic<uint64_t> produced{0};
  ServerOptions opts;
  opts.threads = 1;  // the stuck client shares the loop with the well-behaved one
  RunningServer rs(opts, [&](SessionControl&, std::size_t) {
    return std::make_unique<BigReplyHandler>(64 << 10, produced);
  });
  ASSERT_EQ(rs.error(), "");
  Client stuck(rs.port());
  stuck.set_receive_buffer(64 << 10);
  std::string requests;
  for (int i = 0; i < 4096; ++i) requests += "big\n";  // asks for 256 MiB of replies
  auto deadline = std::chrono::steady_clock::now() + 1500ms;
  std::size_t sent = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    sent += stuck.send_some(std::string_view(requests).substr(sent % requests.size()));
    std::this_thread::sleep_for(1ms);
  }
  // Bounded by the high-water mark plus what the socket buffers hold.
  EXPECT_LT(produced.load(), 16u << 20);
  EXPECT_GT(produced.load(), 1u << 20);
  Client other(rs.port());
  ASSERT_TRUE(other.send_all("ping\n"));
  EXPECT_EQ(other.read_exactly(5, 2000ms), "ping\n");
}

TEST(ConnectionTest, ResumesAfterTheClientCatchesUp) {
  std::atomic<uint64_t> produced{0};
  RunningServer rs(ServerOptions{}, [&](SessionControl&, std::size_t) {
    return std::make_unique<BigReplyHandler>(100000, produced);
  });
  ASSERT_EQ(rs.error(), "");
  Client c(rs.port());
  std::string requests;
  for (int i = 0; i < 200; ++i) requests += "big\n";
  requests += "done\n";
  ASSERT_TRUE(c.send_all(requests));
  std::this_thread::sleep_for(200ms);  // let backpressure kick in
  std::string got = c.read_exactly(200 * 100000 + 5, 10000ms);
  ASSERT_EQ(got.size(), 200u * 100000 + 5);
  EXPECT_EQ(got.substr(got.size() - 5), "done\n");
}

/// Answers each line asynchronously, 20 ms later, through SessionControl.
class DelayedEchoHandler : public SessionHandler {
 public:
  explicit DelayedEchoHandler(SessionControl& control) : control_(control) {}
  std::size_t on_input(std::string_view in, std::string&, bool&) override {
    auto nl = in.rfind('\n');
    if (nl == std::string_view::npos) return 0;
    std::string lines(in.substr(0, nl + 1));
    ++pending_;
    std::weak_ptr<SessionControl> weak = control_.weak_control();
    control_.loop().run_after(20ms, [this, weak, lines] {
      auto c = weak.lock();
      if (!c || !c->is_open()) return;
      --pending_;
      c->output() += lines;
      c->flush();
    });
    return nl + 1;
  }
  bool busy() const override { return pending_ > 0; }

 private:
  SessionControl& control_;
  int pending_ = 0;
};

TEST(ConnectionTest, HandlersCanReplyLaterAndStopWaitsForThem) {
  ServerOptions opts;
  opts.drain_timeout = 5000ms;
  RunningServer rs(opts, [](SessionControl& c, std::size_t) {
    return std::make_unique<DelayedEchoHandler>(c);
  });
  ASSERT_EQ(rs.error(), "");
  Client c(rs.port());
  ASSERT_TRUE(c.send_all("first\n"));
  EXPECT_EQ(c.read_exactly(6), "first\n");
  ASSERT_TRUE(c.send_all("owed\n"));
  std::this_thread::sleep_for(5ms);  // received, reply not yet produced
  std::thread stopper([&] { rs.stop_and_join(); });
  std::string got;
  EXPECT_TRUE(c.read_to_eof(&got, 3000ms));
  stopper.join();
  EXPECT_EQ(got, "owed\n");
}

TEST(ConnectionTest, StopDeliversPendingRepliesToASlowReader) {
  std::atomic<uint64_t> produced{0};
  ServerOptions opts;
  opts.drain_timeout = 10000ms;
  RunningServer rs(opts, [&](SessionControl&, std::size_t) {
    return std::make_unique<BigReplyHandler>(4 << 20, produced);
  });
  ASSERT_EQ(rs.error(), "");
  Client c(rs.port());
  ASSERT_TRUE(c.send_all("big\n"));
  ASSERT_TRUE(RunningServer::eventually([&] { return produced.load() > 0; }));
  std::thread stopper([&] { rs.stop_and_join(); });
  std::string got;
  EXPECT_TRUE(c.read_to_eof(&got, 8000ms));
  stopper.join();
  EXPECT_EQ(got.size(), 4u << 20);
}

TEST(ConnectionTest, StopGivesUpOnAClientThatNeverReadsAtTheDeadline) {
  std::atomic<uint64_t> produced{0};
  ServerOptions opts;
  opts.drain_timeout = 300ms;
  RunningServer rs(opts, [&](SessionControl&, std::size_t) {
    return std::make_unique<BigReplyHandler>(16 << 20, produced);
  });
  ASSERT_EQ(rs.error(), "");
  Client c(rs.port());
  c.set_receive_buffer(16 << 10);
  ASSERT_TRUE(c.send_all("big\n"));
  ASSERT_TRUE(RunningServer::eventually([&] { return produced.load() > 0; }));
  auto took = rs.stop_and_join();
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 3000ms);
}

TEST(ConnectionTest, ARequestBeyondTheReadBufferCapClosesTheConnection) {
  ServerOptions opts;
  opts.connection.max_read_buffer = 64 << 10;
  RunningServer rs(opts, echo_factory());
  ASSERT_EQ(rs.error(), "");
  Client c(rs.port());
  ASSERT_TRUE(c.send_all("small\n"));
  EXPECT_EQ(c.read_exactly(6), "small\n");
  c.send_all(std::string(200 << 10, 'x'));  // no newline: one endless request
  EXPECT_TRUE(c.read_to_eof(nullptr, 3000ms));
}

/// Pauses after each line until a timer resumes it: input stays queued meanwhile.
class PausingHandler : public SessionHandler {
 public:
  explicit PausingHandler(SessionControl& control) : control_(control) {}
  std::size_t on_input(std::string_view in, std::string& out, bool&) override {
    auto nl = in.find('\n');
    if (nl == std::string_view::npos) return 0;
    out.append(in.substr(0, nl + 1));
    control_.pause_reading();
    std::weak_ptr<SessionControl> weak = control_.weak_control();
    control_.loop().run_after(5ms, [weak] {
      if (auto c = weak.lock()) c->resume_reading();
    });
    return nl + 1;
  }

 private:
  SessionControl& control_;
};

TEST(ConnectionTest, PauseAndResumeKeepBufferedInputInOrder) {
  RunningServer rs(ServerOptions{}, [](SessionControl& c, std::size_t) {
    return std::make_unique<PausingHandler>(c);
  });
  ASSERT_EQ(rs.error(), "");
  Client c(rs.port());
  std::string input;
  for (int i = 0; i < 50; ++i) input += std::to_string(i) + "\n";
  ASSERT_TRUE(c.send_all(input));  // all in one packet: only resume can bring the rest
  EXPECT_EQ(c.read_exactly(input.size(), 5000ms), input);
}

}  // namespace
}  // namespace ringcache::common::testing
