// Many connections at once: writes from different connections never interleave inside one
// item, and incr is atomic across connections (served by different worker threads).
#include <thread>

#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using ConcurrencyTest = ServerTest;
RINGCACHE_SERVER_SUITE(ConcurrencyTest);

constexpr int kClients = 8;
constexpr int kRounds = 50;
constexpr int kIncrsPerRound = 10;

// One client: per round, stores its own key, reads it back and bumps the shared counter.
void run_client(int port, int id, std::string* failure) {
  TestClient c(port, std::chrono::seconds(10));
  if (!c.connected()) {
    *failure = c.error();
    return;
  }
  const std::string key = "client:" + std::to_string(id);
  for (int round = 0; round < kRounds && failure->empty(); ++round) {
    const std::string value(100 + id * 10 + round, static_cast<char>('a' + id));
    std::string req = set_cmd(key, value) + "get " + key + "\r\n";
    for (int i = 0; i < kIncrsPerRound; ++i) req += "incr counter 1 noreply\r\n";
    const std::string want = "STORED\r\nVALUE " + key + " 0 " + std::to_string(value.size()) +
                             "\r\n" + value + "\r\nEND\r\n";
    std::string got = c.call(req, want);
    if (got != want) *failure = "client " + std::to_string(id) + ": " + escape(got);
  }
  // The last round's incrs follow its get: one more round trip proves they were applied.
  if (failure->empty() && c.call("get none\r\n", "END\r\n") != "END\r\n") {
    *failure = "client " + std::to_string(id) + ": no reply to the final get";
  }
}

TEST_P(ConcurrencyTest, ParallelClientsSeeTheirOwnWritesAndIncrIsAtomic) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set counter 0 0 1\r\n0\r\n", "STORED\r\n");
  std::vector<std::string> failures(kClients);
  std::vector<std::thread> threads;
  for (int id = 0; id < kClients; ++id) threads.emplace_back(run_client, port(), id, &failures[id]);
  for (auto& t : threads) t.join();
  for (const auto& f : failures) EXPECT_EQ(f, "");
  const std::string total = std::to_string(kClients * kRounds * kIncrsPerRound);
  EXPECT_REPLY(c, "get counter\r\n",
               "VALUE counter 0 " + std::to_string(total.size()) + "\r\n" + total + "\r\nEND\r\n");
}

}  // namespace
}  // namespace ringcache::integration
