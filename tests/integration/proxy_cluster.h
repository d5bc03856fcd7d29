// ProxyCluster: real ringcache-node processes and a ringcache-proxy in front of them, configured
// by a JSON file in a temp dir (short timeouts, so failure tests run fast). Tests read and write
// through the proxy and check placement by asking the nodes directly.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/integration/server_process.h"
#include "tests/integration/test_client.h"

namespace ringcache::integration {

/// The ringcache-proxy binary this build produces (it may not exist yet).
ServerSpec proxy_spec();
/// The nodes behind the proxy: ringcache-node, or Debian's memcached when
/// RINGCACHE_TEST_PROXY_NODES=memcached (to tell proxy bugs from node bugs).
ServerSpec cluster_node_spec();
/// Why the proxy suites must skip (a binary is missing), or "".
std::string missing_cluster_binary();

/// Timeouts and failure detection written to the test config.
struct ProxyTimings {
  uint32_t connect_ms = 200;
  uint32_t reply_ms = 200;
  uint32_t consecutive_timeouts = 2;
  uint32_t probe_backoff_min_ms = 20;
  uint32_t probe_backoff_max_ms = 200;
};

class ProxyCluster {
 public:
  /// Starts `node_count` nodes and the proxy; check error().
  explicit ProxyCluster(std::size_t node_count, ProxyTimings timings = {});
  ~ProxyCluster();
  ProxyCluster(const ProxyCluster&) = delete;
  ProxyCluster& operator=(const ProxyCluster&) = delete;

  /// "" when everything started, else why not.
  const std::string& error() const { return error_; }

  int port() const { return proxy_->port(); }  ///< the read-write listener
  int admin_port() const { return admin_port_; }
  int read_only_port() const { return read_only_port_; }
  ServerProcess& proxy() { return *proxy_; }
  std::size_t node_count() const { return nodes_.size(); }
  ServerProcess& node(std::size_t i) { return *nodes_.at(i); }
  int node_port(std::size_t i) const { return node_ports_.at(i); }
  const std::string& config_path() const { return config_path_; }
  const std::string& dir() const { return dir_; }
  const ProxyTimings& timings() const { return timings_; }

  /// A connection to the proxy's read-write listener (or another port of it).
  TestClient connect() const { return TestClient(port()); }
  /// A connection straight to node i.
  TestClient connect_node(std::size_t i) const { return TestClient(node_port(i)); }

  /// Starts one more node, not in the configuration until a rewrite lists it; its index.
  std::size_t add_node();
  /// Starts node i again on its port after it died; false (with error()) when it cannot.
  bool restart_node(std::size_t i);

  /// The configuration document listing these nodes, by index, in this order.
  std::string config_json(const std::vector<std::size_t>& nodes) const;
  /// Writes a temp file and renames it over the configuration, as config tools do.
  void replace_config(const std::string& text) const;
  /// Truncates and rewrites the configuration file in place.
  void rewrite_config(const std::string& text) const;
  /// Writes `text` to dir()/name and returns its path.
  std::string write_file(const std::string& name, const std::string& text) const;

  /// What node i holds for each of `keys` (absent keys are left out), read with multi-gets.
  std::map<std::string, std::string> node_values(std::size_t i,
                                                 const std::vector<std::string>& keys) const;
  /// For each key, the index of the one node holding key=value_of(key); -1 when no node does
  /// and -2 when several do.
  std::map<std::string, int> owners(const std::vector<std::string>& keys,
                                    const std::string& value_prefix) const;
  /// Sets every key to value_prefix+key through the proxy in one pipelined write; returns the
  /// keys whose reply was not STORED.
  std::vector<std::string> set_all(const std::vector<std::string>& keys,
                                   const std::string& value_prefix) const;
  /// `count` keys named prefix+N that the proxy stores on node i (found by setting candidates
  /// through the proxy and reading the nodes); fewer when the node owns too few.
  std::vector<std::string> keys_on(std::size_t i, std::size_t count,
                                   const std::string& prefix) const;

 private:
  std::unique_ptr<ServerProcess> start_node(int port);
  std::vector<std::size_t> first_nodes(std::size_t n) const;

  ProxyTimings timings_;
  std::string dir_;
  std::string config_path_;
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
  std::vector<int> node_ports_;
  std::vector<std::size_t> initial_nodes_;
  int admin_port_ = 0;
  int read_only_port_ = 0;
  int read_write_port_ = 0;
  std::unique_ptr<ServerProcess> proxy_;
  std::string error_;
};

/// The fixture of the proxy suites: a fresh cluster per test, skipped while a binary is missing.
class ProxyTest : public ::testing::Test {
 protected:
  void SetUp() override;
  /// Checks that the proxy survived the test and stops cleanly on SIGTERM.
  void TearDown() override;
  virtual std::size_t initial_nodes() const { return 3; }
  virtual ProxyTimings timings() const { return {}; }

  ProxyCluster& cluster() { return *cluster_; }
  /// A new connection to the proxy's read-write listener, or to `port` (failure fails the test).
  TestClient connect(int port = 0);

 private:
  std::unique_ptr<ProxyCluster> cluster_;
};

/// Keys "prefix0" .. "prefix<n-1>".
std::vector<std::string> numbered_keys(const std::string& prefix, std::size_t n);

}  // namespace ringcache::integration
