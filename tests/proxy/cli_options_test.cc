#include "proxy/server/cli_options.h"

#include <gtest/gtest.h>

namespace ringcache::proxy {
namespace {

std::string apply_all(CliSettings& s,
                      std::initializer_list<std::pair<const char*, const char*>> options) {
  for (const auto& [name, value] : options) {
    std::string error = apply_cli_option(name, value, s);
    if (!error.empty()) return error;
  }
  return check_cli(s);
}

TEST(CliOptionsTest, QuickStart) {
  CliSettings s;
  EXPECT_EQ(apply_all(s, {{"listen", "127.0.0.1:0"},
                          {"listen", "127.0.0.1:0=read-only"},
                          {"nodes", "127.0.0.1:11211,127.0.0.1:11212"},
                          {"threads", "2"},
                          {"verbose", ""},
                          {"verbose", ""}}),
            "");
  EXPECT_EQ(s.options.source.listeners.size(), 2u);
  EXPECT_EQ(s.options.source.listeners[1].role, common::Role::kReadOnly);
  EXPECT_EQ(s.options.source.nodes.size(), 2u);
  EXPECT_EQ(s.options.threads, 2);
  EXPECT_EQ(s.options.verbose, 2);
  EXPECT_EQ(s.options.threads, 2);
}

TEST(CliOptionsTest, DefaultsAndConfigFile) {
  CliSettings s;
  EXPECT_EQ(apply_all(s, {{"config", "x.json"}, {"check-config", ""}}), "");
  EXPECT_TRUE(s.check_config);
  EXPECT_EQ(s.options.threads, 1);
  EXPECT_EQ(s.options.max_item_size, 1u << 20);
}

TEST(CliOptionsTest, RejectsBadOrConflictingOptions) {
  CliSettings s;
  EXPECT_NE(apply_all(s, {{"threads", "0"}}), "");
  CliSettings t;
  EXPECT_NE(apply_all(t, {{"listen", "nope"}}), "");
  CliSettings u;
  EXPECT_NE(apply_all(u, {{"config", "x"}, {"nodes", "127.0.0.1:1"}}), "");
  CliSettings v;
  EXPECT_NE(apply_all(v, {{"nodes", "127.0.0.1:1"}}), "") << "no listener";
  CliSettings w;
  EXPECT_NE(apply_all(w, {}), "");
}

TEST(CliOptionsTest, ParsesSizes) {
  std::size_t n = 0;
  EXPECT_TRUE(parse_size("2m", n));
  EXPECT_EQ(n, 2u << 20);
  EXPECT_TRUE(parse_size("512k", n));
  EXPECT_EQ(n, 512u << 10);
  EXPECT_TRUE(parse_size("4096", n));
  EXPECT_EQ(n, 4096u);
  EXPECT_FALSE(parse_size("2g", n));
  EXPECT_FALSE(parse_size("10", n));
  EXPECT_FALSE(parse_size("m", n));
}

}  // namespace
}  // namespace ringcache::proxy
