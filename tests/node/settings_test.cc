#include "node/server/settings.h"

#include <gtest/gtest.h>

#include <functional>

namespace ringcache::node {
namespace {

// validate() of the defaults with one change applied.
std::string validate_with(const std::function<void(Settings&)>& change) {
  Settings s;
  change(s);
  return validate(s);
}

TEST(SettingsTest, DefaultsAreValidAndMatchMemcached) {
  Settings s;
  EXPECT_EQ(validate(s), "");
  EXPECT_EQ(s.port, 11211);
  EXPECT_EQ(s.udp_port, 0);
  EXPECT_EQ(s.memory_limit, 64u << 20);
  EXPECT_EQ(s.max_connections, 1024);
  EXPECT_EQ(s.threads, 4);
  EXPECT_EQ(s.item_size_max, 1u << 20);
  ASSERT_EQ(s.listen.size(), 1u);
  EXPECT_EQ(s.listen[0], "127.0.0.1");
}

TEST(SettingsTest, ConnectionAndThreadCountsMustBePositiveAndSane) {
  EXPECT_EQ(validate_with([](Settings& s) { s.max_connections = 0; }),
            "Maximum connections must be greater than 0");
  EXPECT_NE(validate_with([](Settings& s) { s.max_connections = -5; }), "");
  EXPECT_NE(validate_with([](Settings& s) { s.max_connections = 1 << 21; }), "");
  EXPECT_EQ(validate_with([](Settings& s) { s.threads = 0; }),
            "Number of threads must be greater than 0");
  EXPECT_EQ(validate_with([](Settings& s) { s.threads = 256; }), "");
  EXPECT_NE(validate_with([](Settings& s) { s.threads = 257; }), "");
  EXPECT_NE(validate_with([](Settings& s) { s.reqs_per_event = 0; }), "");
  EXPECT_NE(validate_with([](Settings& s) { s.backlog = 0; }), "");
}

TEST(SettingsTest, ItemSizeLimitsAreMemcachedsWithItsMessages) {
  EXPECT_EQ(validate_with([](Settings& s) { s.item_size_max = 1000; }),
            "Item max size cannot be less than 1024 bytes.");
  EXPECT_EQ(validate_with([](Settings& s) { s.item_size_max = 1024; }), "");
  EXPECT_EQ(validate_with([](Settings& s) { s.item_size_max = 256u << 20; }),
            "Cannot set item size limit higher than 1/2 of memory max.");
  EXPECT_EQ(validate_with([](Settings& s) { s.item_size_max = 32u << 20; }), "");
  EXPECT_EQ(validate_with([](Settings& s) {
              s.memory_limit = std::size_t{8} << 30;
              s.item_size_max = (std::size_t{1} << 30) + 1024;
            }),
            "Cannot set item size limit higher than a gigabyte.");
  EXPECT_EQ(validate_with([](Settings& s) {
              s.memory_limit = std::size_t{8} << 30;
              s.item_size_max = std::size_t{1} << 30;
            }),
            "");
  EXPECT_NE(validate_with([](Settings& s) { s.memory_limit = 0; }), "");
}

TEST(SettingsTest, PortsMustBeInRange) {
  EXPECT_EQ(validate_with([](Settings& s) { s.port = 0; }), "");
  EXPECT_EQ(validate_with([](Settings& s) { s.port = 65535; }), "");
  EXPECT_EQ(validate_with([](Settings& s) { s.port = 65536; }), "Invalid port number 65536");
  EXPECT_EQ(validate_with([](Settings& s) { s.port = -1; }), "Invalid port number -1");
  EXPECT_NE(validate_with([](Settings& s) { s.udp_port = -1; }), "");
}

TEST(SettingsTest, UdpIsAllowedExceptWithAuthentication) {
  EXPECT_EQ(validate_with([](Settings& s) { s.udp_port = 11211; }), "");
  // As memcached: an authenticated session cannot span datagrams.
  EXPECT_EQ(validate_with([](Settings& s) {
              s.udp_port = 11211;
              s.sasl = true;
            }),
            "ERROR: Cannot enable UDP while using binary SASL authentication.");
  EXPECT_EQ(validate_with([](Settings& s) {
              s.udp_port = 11211;
              s.auth_file = "/etc/auth";
            }),
            "Cannot use UDP with ascii authentication enabled (-U 0 to disable)");
}

TEST(SettingsTest, SaslNeedsBinaryAndAuthFileNeedsText) {
  EXPECT_EQ(validate_with([](Settings& s) { s.sasl = true; }), "");
  EXPECT_EQ(validate_with([](Settings& s) { s.auth_file = "/etc/auth"; }), "");
  EXPECT_EQ(validate_with([](Settings& s) {
              s.sasl = true;
              s.protocol = "ascii";
            }),
            "You cannot allow the ASCII protocol while using SASL.");
  EXPECT_EQ(validate_with([](Settings& s) {
              s.auth_file = "/etc/auth";
              s.protocol = "binary";
            }),
            "You cannot allow the BINARY protocol while using ascii authentication tokens.");
  EXPECT_NE(validate_with([](Settings& s) {
              s.sasl = true;
              s.auth_file = "/etc/auth";
            }),
            "");
}

TEST(SettingsTest, ProtocolMustBeAutoAsciiOrBinary) {
  for (const char* ok : {"auto", "ascii", "binary"}) {
    EXPECT_EQ(validate_with([&](Settings& s) { s.protocol = ok; }), "") << ok;
  }
  EXPECT_EQ(validate_with([](Settings& s) { s.protocol = "http"; }),
            "Invalid value for binding protocol: http -- should be one of auto, binary, or ascii");
}

TEST(SettingsTest, ListenAddressesMustBeLiteralsOrKnownHosts) {
  for (const char* ok : {"127.0.0.1", "0.0.0.0", "::1", "::", "[::1]", "[::1]:11300", "127.0.0.1:0",
                         "localhost", "*", "*:11300"}) {
    EXPECT_EQ(validate_with([&](Settings& s) { s.listen = {ok}; }), "") << ok;
  }
  for (const char* bad : {"999.1.1.1", "1.2.3.4.5", "no-such-host.invalid", "[::1", "[]",
                          "127.0.0.1:abc", "127.0.0.1:", "127.0.0.1:70000", "[::1]x"}) {
    EXPECT_NE(validate_with([&](Settings& s) { s.listen = {bad}; }), "") << bad;
  }
  EXPECT_NE(validate_with([](Settings& s) { s.listen.clear(); }), "");
  // As memcached, a unix socket replaces the network listeners, so -l is not looked at.
  EXPECT_EQ(validate_with([](Settings& s) {
              s.unix_socket = "/tmp/rc.sock";
              s.listen = {"999.1.1.1"};
            }),
            "");
}

TEST(SettingsTest, UnixSocketPathAndMaskAreChecked) {
  EXPECT_NE(validate_with([](Settings& s) { s.unix_socket = std::string(200, 'x'); }), "");
  EXPECT_NE(validate_with([](Settings& s) { s.unix_mask = 01000; }), "");
  EXPECT_EQ(validate_with([](Settings& s) { s.unix_mask = 0777; }), "");
}

TEST(SettingsTest, SlabKnobsKeepMemcachedsChecks) {
  EXPECT_EQ(validate_with([](Settings& s) { s.growth_factor = 1.0; }),
            "Factor must be greater than 1");
  EXPECT_EQ(validate_with([](Settings& s) { s.chunk_size = 0; }),
            "Chunk size must be greater than 0");
}

TEST(ParseSizeTest, TakesSuffixesAndRejectsJunk) {
  std::size_t v = 0;
  EXPECT_TRUE(parse_size("1024", 1, v));
  EXPECT_EQ(v, 1024u);
  EXPECT_TRUE(parse_size("2k", 1, v));
  EXPECT_EQ(v, 2048u);
  EXPECT_TRUE(parse_size("3M", 1, v));
  EXPECT_EQ(v, 3u << 20);
  EXPECT_TRUE(parse_size("1g", 1, v));
  EXPECT_EQ(v, 1u << 30);
  EXPECT_TRUE(parse_size("64", 1u << 20, v));  // -m: a bare number is megabytes
  EXPECT_EQ(v, 64u << 20);
  for (const char* bad : {"", "k", "-1", "1x", "1kb", "abc", " 1", "99999999999999999999"}) {
    EXPECT_FALSE(parse_size(bad, 1, v)) << bad;
  }
  EXPECT_FALSE(parse_size("18446744073709551615", 1u << 20, v));  // overflows
}

}  // namespace
}  // namespace ringcache::node
