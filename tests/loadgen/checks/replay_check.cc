#include "replay.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>

namespace ringcache::loadgen {
namespace {

// A one-connection text-protocol cache on 127.0.0.1 that knows get and set, enough for a
// replay; it serves until the client closes the connection.
class FakeCache {
 public:
  FakeCache() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), len);
    listen(listen_fd_, 1);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeCache() {
    thread_.join();
    close(listen_fd_);
  }
  uint16_t port() const { return port_; }
  std::size_t stored() const { return data_.size(); }

 private:
  void serve() {
    int fd = accept(listen_fd_, nullptr, nullptr);
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    std::string in;
    char chunk[4096];
    for (ssize_t n; (n = recv(fd, chunk, sizeof(chunk), 0)) > 0;) {
      in.append(chunk, static_cast<std::size_t>(n));
      std::string out;
      while (answer(in, out)) {}
      send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    }
    close(fd);
  }
  // Answers the first complete request in `in` (and removes it); false when there is none.
  bool answer(std::string& in, std::string& out) {
    auto nl = in.find("\r\n");
    if (nl == std::string::npos) return false;
    char key[256];
    unsigned size = 0;
    if (std::sscanf(in.c_str(), "get %255s", key) == 1) {
      auto it = data_.find(key);
      if (it != data_.end()) out += "VALUE " + it->first + " 0 " + std::to_string(it->second.size()) + "\r\n" + it->second + "\r\n";
      out += "END\r\n";
      in.erase(0, nl + 2);
      return true;
    }
    if (std::sscanf(in.c_str(), "set %255s 0 0 %u", key, &size) != 2 || in.size() < nl + 2 + size + 2) return false;
    data_[key] = in.substr(nl + 2, size);
    out += "STORED\r\n";
    in.erase(0, nl + 2 + size + 2);
    return true;
  }

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::map<std::string, std::string> data_;
};

ReplayResult replay(const std::string& trace, int batch, uint64_t warmup = 0) {
  // One file per process: ctest runs each check as its own process, in parallel.
  std::string path = testing::TempDir() + "replay_check_trace_" + std::to_string(getpid()) + ".txt";
  std::ofstream(path) << trace;
  FakeCache cache;
  Options o;
  o.port = cache.port();
  o.replay = path;
  o.replay_batch = batch;
  o.replay_warmup = warmup;
  o.max_time_s = 30;
  ReplayResult r = run_replay(o);
  std::remove(path.c_str());
  return r;
}

TEST(Replay, CountsMissesThenHitsAndStoresEachMissedKeyOnce) {
  const std::string trace = "a 5\nb 7\na 5\na 5\nc 1\nb 7\n";
  for (int batch : {1, 2, 64}) {  // within a batch, a key that missed earlier counts as a hit
    ReplayResult r = replay(trace, batch);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.gets, 6u) << batch;
    EXPECT_EQ(r.misses, 3u) << batch;
    EXPECT_EQ(r.hits, 3u) << batch;
    EXPECT_EQ(r.sets, 3u) << batch;
    EXPECT_EQ(r.not_stored, 0u) << batch;
    // No warm-up: every key's first request is a miss no cache could avoid, and the fake
    // cache, which never evicts, misses nothing else.
    EXPECT_EQ(r.first_seen, 3u) << batch;
    EXPECT_EQ(r.warmup_gets, 0u) << batch;
  }
}

TEST(Replay, TheWarmUpFillsTheCacheButIsNotCounted) {
  // a b | a c b c: the warm-up stores a and b; of the counted gets only c's first misses,
  // and c is also the only key no cache could have held (its first request).
  const std::string trace = "a 5\nb 7\na 5\nc 1\nb 7\nc 1\n";
  for (int batch : {1, 3, 64}) {  // a batch never straddles the warm-up's end
    ReplayResult r = replay(trace, batch, 2);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.warmup_gets, 2u) << batch;
    EXPECT_EQ(r.gets, 4u) << batch;
    EXPECT_EQ(r.hits, 3u) << batch;
    EXPECT_EQ(r.misses, 1u) << batch;
    EXPECT_EQ(r.sets, 1u) << batch;
    EXPECT_EQ(r.first_seen, 1u) << batch;
    EXPECT_DOUBLE_EQ(replay_ceiling(r), 0.75) << batch;
  }
}

TEST(Replay, AMalformedTraceLineIsAnError) {
  ReplayResult r = replay("a 5\nno-size-here\n", 1);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.gets, 1u);
}

}  // namespace
}  // namespace ringcache::loadgen
