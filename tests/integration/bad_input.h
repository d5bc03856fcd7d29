// BadInputTest: the fixture of the bad-input matrix (docs/RELIABILITY.md). Each test runs
// against Debian's memcached (which proves the expected bytes), ringcache-node, and
// ringcache-proxy in front of two nodes; a target whose binaries are missing is skipped.
// Before each test a bystander connection stores an item; afterwards the bystander and a new
// connection must still read it, and the server must be alive: bad input on one connection
// neither loses what is stored nor disturbs other clients.
#pragma once

#include <gtest/gtest.h>

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/server_process.h"
#include "tests/integration/test_client.h"

namespace ringcache::integration {

/// Resident memory of `pid` in KiB, from /proc/<pid>/status (-1 when unreadable).
long rss_kib(pid_t pid);

class BadInputTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  bool is_memcached() const { return GetParam() == "memcached"; }
  bool is_proxy() const { return GetParam() == "proxy"; }
  int port() const { return port_; }
  /// The process clients talk to (the proxy for the proxy target).
  pid_t pid() const { return pid_; }
  /// A new connection (a failed connect fails the test).
  TestClient connect();
  /// Checks the bystander's item from the bystander and from a new connection.
  void expect_item_kept();
  /// The server's resident memory in KiB (-1 when unreadable).
  long rss() const { return rss_kib(pid_); }
  /// Expects the server's RSS to have grown by less than `limit_kib` since `before` (from
  /// rss()) and prints the growth. Skipped in sanitizer builds, whose allocators keep
  /// shadow memory and quarantines that have nothing to do with the server's bounds.
  void expect_rss_growth_below(long before, long limit_kib, const std::string& what);

 private:
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<ProxyCluster> cluster_;
  std::optional<TestClient> bystander_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace ringcache::integration
