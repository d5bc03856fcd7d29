#include "options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ringcache::loadgen {
namespace {

std::optional<Options> parse(std::vector<std::string> args, int* code) {
  args.insert(args.begin(), "ringcache-loadgen");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return parse_options(static_cast<int>(args.size()), argv.data(), code);
}

TEST(Options, OnlyLoopbackHostsAreAccepted) {
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("127.1.2.3"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_TRUE(is_loopback("localhost"));
  EXPECT_FALSE(is_loopback("10.0.0.1"));
  EXPECT_FALSE(is_loopback("0.0.0.0"));
  EXPECT_FALSE(is_loopback("example.com"));
  int code = 0;
  testing::internal::CaptureStderr();
  EXPECT_FALSE(parse({"--host", "192.168.1.1"}, &code));
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 2);
}

TEST(Options, ParsesAWorkload) {
  int code = -1;
  auto o = parse({"--port", "12345", "--ratio", "1:9", "--distribution", "zipf", "--zipf-s", "1.2",
                  "--multiget", "10", "--pipeline", "4", "--threads", "2", "--connections", "8"},
                 &code);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->port, 12345);
  EXPECT_DOUBLE_EQ(o->get_ratio, 0.1);
  EXPECT_EQ(o->distribution, Distribution::kZipf);
  EXPECT_DOUBLE_EQ(o->zipf_s, 1.2);
  EXPECT_EQ(o->multiget, 10);
  EXPECT_EQ(o->pipeline, 4);
}

TEST(Options, RejectsBadValues) {
  int code = 0;
  testing::internal::CaptureStderr();
  EXPECT_FALSE(parse({"--ratio", "9"}, &code));
  EXPECT_FALSE(parse({"--port", "70000"}, &code));
  EXPECT_FALSE(parse({"--threads", "4", "--connections", "2"}, &code));
  EXPECT_FALSE(parse({"--duration", "5000"}, &code));
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 2);
  EXPECT_EQ(parse_ratio("0:0"), std::nullopt);
  EXPECT_DOUBLE_EQ(*parse_ratio("9:1"), 0.9);
}

TEST(Options, ParsesProcessAndSizeLists) {
  int code = -1;
  auto o = parse({"--server-pid", "12,345,6", "--value-sizes", "32,100,1000,10000"}, &code);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->server_pids, (std::vector<int>{12, 345, 6}));
  EXPECT_EQ(o->value_sizes, (std::vector<std::size_t>{32, 100, 1000, 10000}));
  testing::internal::CaptureStderr();
  EXPECT_FALSE(parse({"--server-pid", "12,,3"}, &code));
  EXPECT_FALSE(parse({"--server-pid", "12,"}, &code));
  EXPECT_FALSE(parse({"--value-sizes", "0,100"}, &code));
  EXPECT_FALSE(parse({"--replay", "zipf"}, &code));  // needs --requests
  EXPECT_FALSE(parse({"--replay", "zipf", "--requests", "10", "--replay-warmup", "10"}, &code));
  testing::internal::GetCapturedStderr();
  EXPECT_TRUE(parse({"--replay", "zipf", "--requests", "10"}, &code));
  EXPECT_TRUE(parse({"--replay", "zipf", "--requests", "10", "--replay-warmup", "9"}, &code));
}

}  // namespace
}  // namespace ringcache::loadgen
