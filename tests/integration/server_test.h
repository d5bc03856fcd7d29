// ServerTest: the fixture behind the byte-level suites. Each test runs once against Debian's
// memcached (which proves the expected bytes) and once against ringcache-node; a parameter
// whose binary is missing is skipped. Every test gets a fresh server, so stats start at zero.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/server_process.h"
#include "tests/integration/test_client.h"

namespace ringcache::integration {

class ServerTest : public ::testing::TestWithParam<ServerSpec> {
 protected:
  void SetUp() override;
  void TearDown() override;
  /// Extra command-line arguments for this suite's server (e.g. {"-m", "2"}).
  virtual std::vector<std::string> server_args() const { return {}; }
  /// The server to start (the parameter, unless a suite needs, say, an extra environment).
  virtual ServerSpec server_spec() const { return GetParam(); }

  bool is_memcached() const { return GetParam().name == "memcached"; }
  int port() const { return server_->port(); }
  ServerProcess& server() { return *server_; }
  /// A new connection to the server (a failed connect fails the test).
  TestClient connect();
  /// Starts an extra server of the same kind with other arguments.
  std::unique_ptr<ServerProcess> start_other(std::vector<std::string> args);

 private:
  std::unique_ptr<ServerProcess> server_;
};

/// Both servers, for INSTANTIATE_TEST_SUITE_P.
std::vector<ServerSpec> all_servers();
/// Test-name suffix: the server's name.
std::string server_name(const ::testing::TestParamInfo<ServerSpec>& info);

/// `stats [sub]` on the connection, as name -> value (empty on a malformed reply).
std::map<std::string, std::string> stats(TestClient& client, const std::string& sub = "");
/// One stat as an integer (-1 when absent or not a number).
long long stat_int(const std::map<std::string, std::string>& s, const std::string& name);

/// A `set` command with its data block.
std::string set_cmd(const std::string& key, const std::string& value, int exptime = 0,
                    const std::string& extra = "");

}  // namespace ringcache::integration

#define RINGCACHE_SERVER_SUITE(Suite)                                        \
  INSTANTIATE_TEST_SUITE_P(Servers, Suite,                                   \
                           ::testing::ValuesIn(::ringcache::integration::all_servers()), \
                           ::ringcache::integration::server_name)

/// Sends `req` and expects exactly `expected` back (fails fast on a different reply).
#define EXPECT_REPLY(client, req, expected)                                                   \
  EXPECT_EQ(::ringcache::integration::escape((client).call((req), (expected))),               \
            ::ringcache::integration::escape(expected))                                       \
      << "request: " << ::ringcache::integration::escape(req)
