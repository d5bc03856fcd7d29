// Expiry without waiting days: absolute times in the past and future, negative exptimes,
// and short relative TTLs with a bounded wait.
#include <ctime>
#include <thread>

#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using ExpiryTest = ServerTest;
RINGCACHE_SERVER_SUITE(ExpiryTest);

constexpr int kThirtyDays = 60 * 60 * 24 * 30;

// Polls `get` every 100 ms until it returns `want` or `limit` passes; returns the last reply.
std::string poll_get(TestClient& c, const std::string& keys, const std::string& want,
                     std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string got;
  do {
    got = c.request("get " + keys + "\r\n", "END\r\n");
    if (got == want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (std::chrono::steady_clock::now() < deadline);
  return got;
}

TEST_P(ExpiryTest, AbsoluteExptimeInThePastExpiresAtOnce) {
  TestClient c = connect();
  const long long now = std::time(nullptr);
  EXPECT_REPLY(c, "set past 0 " + std::to_string(now - 100) + " 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get past\r\n", "END\r\n");
  // Just over 30 days is an absolute time too: long ago in 1970.
  EXPECT_REPLY(c, "set epoch 0 " + std::to_string(kThirtyDays + 1) + " 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get epoch\r\n", "END\r\n");
}

TEST_P(ExpiryTest, AbsoluteExptimeInTheFutureKeepsTheItem) {
  TestClient c = connect();
  const long long now = std::time(nullptr);
  EXPECT_REPLY(c, "set future 0 " + std::to_string(now + 3600) + " 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get future\r\n", "VALUE future 0 1\r\nx\r\nEND\r\n");
  // Exactly 30 days is still relative.
  EXPECT_REPLY(c, "set month 0 " + std::to_string(kThirtyDays) + " 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get month\r\n", "VALUE month 0 1\r\nx\r\nEND\r\n");
}

TEST_P(ExpiryTest, NegativeExptimeExpiresAtOnce) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set neg 0 -1 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get neg\r\n", "END\r\n");
  EXPECT_REPLY(c, "set neg2 0 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "touch neg2 -1\r\n", "TOUCHED\r\n");
  EXPECT_REPLY(c, "get neg2\r\n", "END\r\n");
}

TEST_P(ExpiryTest, ShortRelativeTtlExpiresWithinSeconds) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set r1 0 2 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "set r2 0 0 1\r\ny\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "touch r2 2\r\n", "TOUCHED\r\n");
  EXPECT_REPLY(c, "set r3 0 0 1\r\nz\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "gat 2 r3\r\n", "VALUE r3 0 1\r\nz\r\nEND\r\n");
  EXPECT_REPLY(c, "set keep 0 100 1\r\nk\r\n", "STORED\r\n");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_REPLY(c, "get r1 r2 r3\r\n",
               "VALUE r1 0 1\r\nx\r\nVALUE r2 0 1\r\ny\r\nVALUE r3 0 1\r\nz\r\nEND\r\n");
  EXPECT_EQ(escape(poll_get(c, "r1 r2 r3", "END\r\n", std::chrono::seconds(5))), "END\\r\\n");
  // A 2 s TTL counts in whole seconds, so it ends after 1 to 3 s.
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
  EXPECT_REPLY(c, "get keep\r\n", "VALUE keep 0 1\r\nk\r\nEND\r\n");
  EXPECT_REPLY(c, "touch r1 100\r\n", "NOT_FOUND\r\n");
}

TEST_P(ExpiryTest, DelayedFlushAllInvalidatesLater) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "flush_all 2\r\n", "OK\r\n");
  EXPECT_REPLY(c, "get a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n");
  EXPECT_EQ(escape(poll_get(c, "a", "END\r\n", std::chrono::seconds(5))), "END\\r\\n");
  // Items stored after the flush time are kept (memcached counts in whole seconds, so an
  // item stored in the same second as the flush is flushed too: wait for the next one).
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_REPLY(c, "set b 0 0 1\r\ny\r\n", "STORED\r\n");
  EXPECT_REPLY(c, "get b\r\n", "VALUE b 0 1\r\ny\r\nEND\r\n");
}

}  // namespace
}  // namespace ringcache::integration
