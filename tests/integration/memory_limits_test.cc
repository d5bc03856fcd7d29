// Limits from the command line: -m (evict the least recently used items), -M (refuse with an
// error instead), and -c (refuse connections over the limit).
#include <thread>

#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

constexpr int kItems = 5000;                 // 5000 x 1000 bytes: far more than 2 MB
const std::string kValue(1000, 'v');

// Stores kItems keys "key<i>" with noreply in one pipeline, then waits for a sentinel reply.
void fill_cache(TestClient& c) {
  std::string req;
  for (int i = 0; i < kItems; ++i) req += set_cmd("key" + std::to_string(i), kValue, 0, "noreply");
  // A bound, not a speed check: a TSan-built server on a loaded machine has taken 27 s.
  c.set_timeout(std::chrono::seconds(90));
  EXPECT_TRUE(c.send(req)) << c.error();
  EXPECT_REPLY(c, "get nothing\r\n", "END\r\n");
}

std::string value_reply(const std::string& key) {
  return "VALUE " + key + " 0 1000\r\n" + kValue + "\r\nEND\r\n";
}

class EvictionTest : public ServerTest {
  std::vector<std::string> server_args() const override { return {"-m", "2"}; }
};
RINGCACHE_SERVER_SUITE(EvictionTest);

TEST_P(EvictionTest, SmallMemoryLimitEvictsOldestAndKeepsRecent) {
  TestClient c = connect();
  fill_cache(c);
  for (int i = kItems - 100; i < kItems; ++i) {
    std::string key = "key" + std::to_string(i);
    EXPECT_EQ(c.call("get " + key + "\r\n", value_reply(key)), value_reply(key)) << key;
  }
  EXPECT_REPLY(c, "get key0\r\n", "END\r\n");
  auto s = stats(c);
  EXPECT_GT(stat_int(s, "evictions"), 0);
  EXPECT_LT(stat_int(s, "curr_items"), kItems);
  EXPECT_GE(stat_int(s, "curr_items"), 100);
  EXPECT_EQ(stat_int(s, "limit_maxbytes"), 2 << 20);
  EXPECT_LE(stat_int(s, "bytes"), 2 << 20) << "stored bytes must stay within -m";
  // New writes still succeed.
  EXPECT_REPLY(c, set_cmd("fresh", "x"), "STORED\r\n");
}

class NoEvictionTest : public ServerTest {
  std::vector<std::string> server_args() const override { return {"-m", "2", "-M"}; }
};
RINGCACHE_SERVER_SUITE(NoEvictionTest);

TEST_P(NoEvictionTest, DashMRefusesWritesInsteadOfEvicting) {
  TestClient c = connect();
  fill_cache(c);
  EXPECT_REPLY(c, set_cmd("one_more", kValue), "SERVER_ERROR out of memory storing object\r\n");
  EXPECT_REPLY(c, "get key0\r\n", value_reply("key0"));  // nothing was evicted
  auto s = stats(c);
  EXPECT_EQ(stat_int(s, "evictions"), 0);
  EXPECT_LT(stat_int(s, "curr_items"), kItems);
  EXPECT_GT(stat_int(s, "store_no_memory"), 0);
  // Deleting items makes room again.
  std::string deletes, deleted;
  for (int i = 0; i < 20; ++i) {
    deletes += "delete key" + std::to_string(i) + "\r\n";
    deleted += "DELETED\r\n";
  }
  EXPECT_REPLY(c, deletes, deleted);
  EXPECT_REPLY(c, set_cmd("one_more", kValue), "STORED\r\n");
}

class ConnectionLimitTest : public ServerTest {
  std::vector<std::string> server_args() const override { return {"-c", "32"}; }
};
RINGCACHE_SERVER_SUITE(ConnectionLimitTest);

TEST_P(ConnectionLimitTest, ConnectionsOverTheLimitAreRefused) {
  std::vector<TestClient> accepted;
  int refused = 0;
  for (int i = 0; i < 40; ++i) {
    TestClient c(port(), std::chrono::seconds(2));
    ASSERT_TRUE(c.connected()) << c.error();
    std::string reply = c.request("get a\r\n");
    if (reply == "END\r\n") {
      accepted.push_back(std::move(c));
      continue;
    }
    // memcached counts its own descriptors in -c too, so it refuses earlier than 32 clients.
    EXPECT_EQ(escape(reply), escape("ERROR Too many open connections\r\n"));
    EXPECT_TRUE(c.wait_closed()) << "a refused connection must be closed";
    ++refused;
  }
  EXPECT_GT(refused, 0);
  EXPECT_GE(accepted.size(), 1u);
  EXPECT_LE(accepted.size(), 32u);
  if (!is_memcached()) {
    EXPECT_EQ(accepted.size(), 32u) << "-c 32 should admit 32 clients";
  }
  // Closing a connection frees its slot (the server notices the close asynchronously).
  accepted.pop_back();
  std::string reply;
  for (int attempt = 0; attempt < 20 && reply != "END\r\n"; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    TestClient c(port(), std::chrono::seconds(2));
    reply = c.request("get a\r\n");
    if (reply == "END\r\n") {
      auto s = stats(c);
      EXPECT_GE(stat_int(s, "rejected_connections"), refused);
    }
  }
  EXPECT_EQ(escape(reply), "END\\r\\n");
}

}  // namespace
}  // namespace ringcache::integration
