// Values: binary safety, big values and the item size limit, multi-key gets, and CAS
// between two connections.
#include "tests/integration/server_test.h"

namespace ringcache::integration {
namespace {

using ValuesTest = ServerTest;
RINGCACHE_SERVER_SUITE(ValuesTest);

const std::string kTooLarge = "SERVER_ERROR object too large for cache\r\n";

std::string value_of_size(std::size_t n) {
  std::string v(n, '\0');
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<char>('a' + i % 26);
  return v;
}

// Stores a value of `n` bytes under key "k" and returns the reply line.
std::string store_size(TestClient& c, std::size_t n) {
  return c.request(set_cmd("k", value_of_size(n)));
}

TEST_P(ValuesTest, ValuesAreBinarySafe) {
  TestClient c = connect();
  std::string value("a\0b\r\nc\r\n\0\xff\x80 END\r\n", 17);
  ASSERT_EQ(value.size(), 17u);
  EXPECT_REPLY(c, set_cmd("bin", value), "STORED\r\n");
  EXPECT_REPLY(c, "get bin\r\n", "VALUE bin 0 17\r\n" + value + "\r\nEND\r\n");
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_REPLY(c, set_cmd("bytes", all), "STORED\r\n");
  EXPECT_REPLY(c, "get bytes\r\n", "VALUE bytes 0 256\r\n" + all + "\r\nEND\r\n");
}

TEST_P(ValuesTest, MultiGetOfManyKeysReturnsHitsInRequestOrder) {
  TestClient c = connect();
  std::string sets, get = "get", expected, expected_sets;
  for (int i = 0; i < 150; ++i) {
    std::string key = "key:" + std::to_string(i);
    if (i % 3 != 0) {  // every third key is a miss
      sets += set_cmd(key, "v" + std::to_string(i));
      expected_sets += "STORED\r\n";
    }
  }
  EXPECT_REPLY(c, sets, expected_sets);
  for (int i = 149; i >= 0; --i) {
    std::string key = "key:" + std::to_string(i);
    get += " " + key;
    if (i % 3 != 0) {
      std::string v = "v" + std::to_string(i);
      expected += "VALUE " + key + " 0 " + std::to_string(v.size()) + "\r\n" + v + "\r\n";
    }
  }
  EXPECT_REPLY(c, get + "\r\n", expected + "END\r\n");
}

TEST_P(ValuesTest, OneMegabyteishValueRoundTrips) {
  TestClient c = connect();
  const std::string value = value_of_size(1000 * 1000);
  EXPECT_REPLY(c, set_cmd("big", value), "STORED\r\n");
  ASSERT_TRUE(c.send("get big\r\n"));
  std::string header = c.read_line();
  EXPECT_EQ(header, "VALUE big 0 1000000\r\n");
  std::string body = c.read_exact(value.size() + 2);
  EXPECT_TRUE(body == value + "\r\n") << "value differs (got " << body.size() << " bytes)";
  EXPECT_EQ(c.read_line(), "END\r\n");
}

TEST_P(ValuesTest, ItemSizeLimitOfOneMegabyte) {
  TestClient c = connect();
  // memcached 1.6 counts its 48-byte header, the key and "\r\n" in -I 1m: with a one-byte
  // key it stores at most 1048516 value bytes. Nothing over 1 MiB may be stored by either.
  EXPECT_EQ(store_size(c, 1048516), "STORED\r\n");
  if (is_memcached()) {
    EXPECT_EQ(store_size(c, 1048517), kTooLarge);
  }
  EXPECT_EQ(store_size(c, 1048577), kTooLarge);
  EXPECT_EQ(store_size(c, 5 * 1048576), kTooLarge);
  // The rejected data was swallowed, the old value is gone, and the connection is in step.
  EXPECT_REPLY(c, "get k\r\n", "END\r\n");
  EXPECT_REPLY(c, set_cmd("k", "ok"), "STORED\r\n");
  auto s = stats(c);
  EXPECT_GE(stat_int(s, "store_too_large"), 2);
}

TEST_P(ValuesTest, LargerItemSizeLimitWithDashI) {
  auto big = start_other({"-I", "2m", "-m", "64"});
  ASSERT_TRUE(big->started());
  TestClient c(big->port());
  ASSERT_TRUE(c.connected()) << c.error();
  EXPECT_EQ(store_size(c, 1500000), "STORED\r\n");
  EXPECT_EQ(store_size(c, 2 * 1048576 + 1), kTooLarge);
  EXPECT_EQ(big->stop(), "");
}

TEST_P(ValuesTest, CasRaceOnTwoConnectionsHasOneWinner) {
  TestClient a = connect();
  TestClient b = connect();
  EXPECT_REPLY(a, "set race 0 0 1\r\n0\r\n", "STORED\r\n");
  std::string ga = a.request("gets race\r\n", "END\r\n");
  std::string gb = b.request("gets race\r\n", "END\r\n");
  ASSERT_EQ(ga, gb) << "both connections must see the same unique";
  std::size_t eol = ga.find("\r\n");
  std::size_t sp = ga.rfind(' ', eol);
  ASSERT_NE(sp, std::string::npos) << escape(ga);
  std::string unique = ga.substr(sp + 1, eol - sp - 1);
  EXPECT_REPLY(a, "cas race 0 0 1 " + unique + "\r\nA\r\n", "STORED\r\n");
  EXPECT_REPLY(b, "cas race 0 0 1 " + unique + "\r\nB\r\n", "EXISTS\r\n");
  EXPECT_REPLY(b, "get race\r\n", "VALUE race 0 1\r\nA\r\nEND\r\n");
  auto s = stats(a);
  EXPECT_EQ(stat_int(s, "cas_hits"), 1);
  EXPECT_EQ(stat_int(s, "cas_badval"), 1);
}

TEST_P(ValuesTest, CasAfterDeleteIsNotFound) {
  TestClient c = connect();
  EXPECT_REPLY(c, "set a 0 0 1\r\nx\r\n", "STORED\r\n");
  std::string g = c.request("gets a\r\n", "END\r\n");
  std::size_t eol = g.find("\r\n");
  std::string unique = g.substr(g.rfind(' ', eol) + 1, eol - g.rfind(' ', eol) - 1);
  EXPECT_REPLY(c, "delete a\r\n", "DELETED\r\n");
  EXPECT_REPLY(c, "cas a 0 0 1 " + unique + "\r\ny\r\n", "NOT_FOUND\r\n");
}

}  // namespace
}  // namespace ringcache::integration
