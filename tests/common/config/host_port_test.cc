#include "common/config/host_port.h"

#include <gtest/gtest.h>

namespace ringcache::common {
namespace {

TEST(HostPortTest, ParsesNamesAndAddresses) {
  auto hp = parse_host_port("127.0.0.1:11211");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "127.0.0.1");
  EXPECT_EQ(hp->port, 11211);
  hp = parse_host_port("cache-01.example_net:1");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "cache-01.example_net");
  EXPECT_EQ(hp->port, 1);
  hp = parse_host_port("[::1]:65535");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "::1");
  EXPECT_EQ(hp->port, 65535);
}

TEST(HostPortTest, RejectsMalformed) {
  for (const char* bad : {"", "host", "host:", ":11211", "host:0", "host:65536", "host:123456",
                          "host:-1", "host:+80", "host:80 ", "ho st:80", "::1:11211", "[::1]",
                          "[::1]11211", "[]:1", "[zz::1]:1", "[127.0.0.1]:1", "a/b:1"}) {
    EXPECT_FALSE(parse_host_port(bad)) << bad;
  }
}

TEST(HostPortTest, FormatsWithBracketsForIpv6) {
  EXPECT_EQ(format_host_port("10.0.0.1", 11211), "10.0.0.1:11211");
  EXPECT_EQ(format_host_port("::1", 80), "[::1]:80");
}

}  // namespace
}  // namespace ringcache::common
