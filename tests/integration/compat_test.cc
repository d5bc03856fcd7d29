// Real, unmodified clients and tools from Debian against each server: pymemcache, pylibmc,
// Cache::Memcached, memccapable, memcached-tool and memcstat (scripts in tests/compat/).
// Each script gets a fresh server, takes its port and exits 0 on success (77: tool missing).
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "tests/integration/run_command.h"
#include "tests/integration/server_process.h"

#ifndef RINGCACHE_SOURCE_DIR
#define RINGCACHE_SOURCE_DIR "."
#endif

namespace ringcache::integration {
namespace {

struct CompatScript {
  std::string name;
  std::string interpreter;
  std::string file;  // under tests/compat/
};

void PrintTo(const CompatScript& s, std::ostream* os) { *os << s.name; }

const CompatScript kScripts[] = {
    {"pymemcache", "/usr/bin/python3", "pymemcache_client.py"},
    {"cache_memcached", "/usr/bin/perl", "cache_memcached_client.pl"},
    {"memccapable", "/bin/bash", "memccapable.sh"},
    {"memccapable_binary", "/bin/bash", "memccapable_binary.sh"},
    {"pylibmc", "/usr/bin/python3", "pylibmc_client.py"},
    {"memcached_tool", "/bin/bash", "memcached_tool.sh"},
    {"memcstat", "/bin/bash", "memcstat.sh"},
};
constexpr int kSkipped = 77;

class CompatTest : public ::testing::TestWithParam<std::tuple<ServerSpec, CompatScript>> {};

TEST_P(CompatTest, ScriptPasses) {
  const auto& [spec, script] = GetParam();
  if (!binary_exists(spec.binary)) GTEST_SKIP() << spec.name << " binary not found";
  if (!binary_exists(script.interpreter)) GTEST_SKIP() << script.interpreter << " not installed";
  ServerProcess server(spec);
  ASSERT_TRUE(server.started()) << server.error();
  const std::string path = std::string(RINGCACHE_SOURCE_DIR) + "/tests/compat/" + script.file;
  CommandResult r = run_command({script.interpreter, path, std::to_string(server.port())},
                                std::chrono::seconds(120));
  if (r.exit_code == kSkipped) GTEST_SKIP() << r.output;
  EXPECT_FALSE(r.timed_out) << script.name << " timed out\n" << r.output;
  EXPECT_EQ(r.exit_code, 0) << script.name << " failed against " << spec.name << ":\n"
                            << r.output;
  EXPECT_EQ(server.stop(), "");
}

INSTANTIATE_TEST_SUITE_P(
    Clients, CompatTest,
    ::testing::Combine(::testing::Values(memcached_spec(), ringcache_spec()),
                       ::testing::ValuesIn(kScripts)),
    [](const ::testing::TestParamInfo<CompatTest::ParamType>& info) {
      return std::get<1>(info.param).name + "_" + std::get<0>(info.param).name;
    });

}  // namespace
}  // namespace ringcache::integration
