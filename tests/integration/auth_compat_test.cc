// pylibmc (libmemcached's SASL client) against servers that require SASL PLAIN: the right
// password gives a working client, a wrong one is refused. memcached runs the same checks
// when saslpasswd2 (sasl2-bin) is installed to build its sasldb.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/auth_files.h"
#include "tests/integration/run_command.h"
#include "tests/integration/server_process.h"

#ifndef RINGCACHE_SOURCE_DIR
#define RINGCACHE_SOURCE_DIR "."
#endif

namespace ringcache::integration {
namespace {

constexpr int kSkipped = 77;
constexpr const char* kPython = "/usr/bin/python3";

class AuthCompatTest : public ::testing::TestWithParam<ServerSpec> {
 protected:
  // Runs tests/compat/pylibmc_client.py against a SASL server with `args` after the port.
  void run_pylibmc(const std::vector<std::string>& args) {
    const ServerSpec& base = GetParam();
    if (!binary_exists(base.binary)) GTEST_SKIP() << base.name << " binary not found";
    if (!binary_exists(kPython)) GTEST_SKIP() << kPython << " not installed";
    AuthFiles files(AuthFiles::Users{{"alice", "secret"}, {"bob", "p@ss w0rd"}});
    auto launch = files.sasl(base);
    if (!launch) GTEST_SKIP() << files.error();
    ServerProcess server(launch->spec, launch->args);
    ASSERT_TRUE(server.started()) << server.error();
    std::vector<std::string> argv = {kPython, std::string(RINGCACHE_SOURCE_DIR) +
                                                  "/tests/compat/pylibmc_client.py",
                                     std::to_string(server.port())};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandResult r = run_command(argv, std::chrono::seconds(60));
    if (r.exit_code == kSkipped) GTEST_SKIP() << r.output;
    EXPECT_FALSE(r.timed_out) << r.output;
    EXPECT_EQ(r.exit_code, 0) << "against " << base.name << ":\n" << r.output;
    EXPECT_EQ(server.stop(), "");
  }
};

TEST_P(AuthCompatTest, PylibmcWithTheRightPasswordWorks) {
  run_pylibmc({"--sasl", "alice", "secret"});
}

TEST_P(AuthCompatTest, PylibmcWithAPasswordContainingSpaces) {
  run_pylibmc({"--sasl", "bob", "p@ss w0rd"});
}

TEST_P(AuthCompatTest, PylibmcWithAWrongPasswordIsRefused) {
  run_pylibmc({"--sasl-refused", "alice", "wrong"});
}

TEST_P(AuthCompatTest, PylibmcWithAnUnknownUserIsRefused) {
  run_pylibmc({"--sasl-refused", "mallory", "secret"});
}

INSTANTIATE_TEST_SUITE_P(Servers, AuthCompatTest,
                         ::testing::Values(memcached_spec(), ringcache_spec()),
                         [](const ::testing::TestParamInfo<ServerSpec>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace ringcache::integration
