#include "node/server/listen_spec.h"

#include <gtest/gtest.h>

namespace ringcache::node {
namespace {

TEST(ListenSpecTest, ReadsMemcachedListenAddressForms) {
  auto a = parse_listen_address("127.0.0.1", 11211);
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 11211);
  auto b = parse_listen_address("127.0.0.1:12345", 11211);
  EXPECT_EQ(b.host, "127.0.0.1");
  EXPECT_EQ(b.port, 12345);
  auto c = parse_listen_address("[::1]:12346", 11211);
  EXPECT_EQ(c.host, "::1");
  EXPECT_EQ(c.port, 12346);
  auto d = parse_listen_address("[::1]", 5);
  EXPECT_EQ(d.host, "::1");
  EXPECT_EQ(d.port, 5);
  auto e = parse_listen_address("::1", 7);
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.port, 7);
  auto f = parse_listen_address("localhost", 0);
  EXPECT_EQ(f.host, "localhost");
  EXPECT_EQ(f.port, 0);
}

TEST(ListenSpecTest, AUnixSocketReplacesTcpListeners) {
  Settings s;
  s.listen = {"127.0.0.1", "127.0.0.2:9999"};
  s.port = 4000;
  auto tcp = listener_specs(s);
  ASSERT_EQ(tcp.size(), 2u);
  EXPECT_EQ(tcp[0].port, 4000);
  EXPECT_EQ(tcp[1].host, "127.0.0.2");
  EXPECT_EQ(tcp[1].port, 9999);
  s.unix_socket = "/tmp/x.sock";
  s.unix_mask = 0766;
  auto unix_only = listener_specs(s);
  ASSERT_EQ(unix_only.size(), 1u);
  EXPECT_EQ(unix_only[0].unix_path, "/tmp/x.sock");
  EXPECT_EQ(unix_only[0].unix_mask, 0766);
}

}  // namespace
}  // namespace ringcache::node
