// Real, unmodified clients and tools through ringcache-proxy in front of three nodes: the
// tests/compat scripts that pass against memcached must pass against the proxy too. They flush
// and read stats (the nodes' counters, summed by the proxy), so they use the admin listener;
// proxy_pymemcache_client.py uses the read-write one and checks that the keys were spread
// over the nodes; proxy_pymemcache_read_only.py checks what a read-only listener refuses.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/proxy_cluster.h"
#include "tests/integration/run_command.h"

#ifndef RINGCACHE_SOURCE_DIR
#define RINGCACHE_SOURCE_DIR "."
#endif

namespace ringcache::integration {
namespace {

struct ProxyCompatScript {
  std::string name;
  std::string interpreter;
  std::string file;  // under tests/compat/
  bool admin = true;
  bool read_only = false;  // gets the read-only listener's port, then the read-write one's
};

void PrintTo(const ProxyCompatScript& s, std::ostream* os) { *os << s.name; }

const ProxyCompatScript kScripts[] = {
    {"pymemcache", "/usr/bin/python3", "pymemcache_client.py"},
    {"pymemcache_read_write", "/usr/bin/python3", "proxy_pymemcache_client.py", false},
    {"pymemcache_read_only", "/usr/bin/python3", "proxy_pymemcache_read_only.py", false, true},
    {"cache_memcached", "/usr/bin/perl", "cache_memcached_client.pl"},
    {"memccapable", "/bin/bash", "memccapable.sh"},
    {"memcstat", "/bin/bash", "memcstat.sh"},  // reads the nodes' summed counters
    // Not memcached-tool: its `display` reads `stats items` / `stats slabs`, which a proxy
    // answers empty (it stores nothing itself).
};
constexpr int kSkipped = 77;

class ProxyCompatTest : public ::testing::TestWithParam<ProxyCompatScript> {};

TEST_P(ProxyCompatTest, ScriptPassesThroughTheProxy) {
  const ProxyCompatScript& script = GetParam();
  if (const std::string missing = missing_cluster_binary(); !missing.empty()) {
    GTEST_SKIP() << missing;
  }
  if (!binary_exists(script.interpreter)) GTEST_SKIP() << script.interpreter << " not installed";
  ProxyCluster cluster(3);
  ASSERT_EQ(cluster.error(), "");
  std::vector<std::string> argv = {
      script.interpreter, std::string(RINGCACHE_SOURCE_DIR) + "/tests/compat/" + script.file,
      std::to_string(script.admin ? cluster.admin_port() : cluster.port())};
  if (script.read_only) argv.back() = std::to_string(cluster.read_only_port());
  if (script.read_only) argv.push_back(std::to_string(cluster.port()));
  for (std::size_t i = 0; !script.admin && !script.read_only && i < cluster.node_count(); ++i) {
    argv.push_back(std::to_string(cluster.node_port(i)));
  }
  const CommandResult r = run_command(argv, std::chrono::seconds(120));
  if (r.exit_code == kSkipped) GTEST_SKIP() << r.output;
  EXPECT_FALSE(r.timed_out) << script.name << " timed out\n" << r.output;
  EXPECT_EQ(r.exit_code, 0) << script.name << " failed through the proxy:\n"
                            << r.output << "\n--- proxy output ---\n"
                            << cluster.proxy().output();
  EXPECT_EQ(cluster.proxy().stop(), "");
}

INSTANTIATE_TEST_SUITE_P(Clients, ProxyCompatTest, ::testing::ValuesIn(kScripts),
                         [](const ::testing::TestParamInfo<ProxyCompatScript>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace ringcache::integration
