#include "tests/integration/proxy_cluster.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/integration/proxy_traffic.h"

#ifndef RINGCACHE_PROXY_BIN
#define RINGCACHE_PROXY_BIN ""
#endif

namespace ringcache::integration {
namespace {

constexpr std::size_t kKeysPerGet = 100;

std::string node_list(const std::vector<int>& ports, const std::vector<std::size_t>& nodes) {
  std::string out;
  for (std::size_t i : nodes) {
    if (!out.empty()) out += ", ";
    out += "\"127.0.0.1:" + std::to_string(ports.at(i)) + "\"";
  }
  return out;
}

std::string listener(int port, const char* role) {
  return "{\"address\": \"127.0.0.1\", \"port\": " + std::to_string(port) + ", \"role\": \"" +
         role + "\"}";
}

}  // namespace

// RINGCACHE_TEST_PROXY_BIN runs the suites against another proxy binary (another build).
ServerSpec proxy_spec() {
  const char* other = std::getenv("RINGCACHE_TEST_PROXY_BIN");
  return ServerSpec{"ringcache-proxy", other != nullptr ? other : RINGCACHE_PROXY_BIN, {}, SIGTERM, {}};
}

ServerSpec cluster_node_spec() {
  const char* nodes = std::getenv("RINGCACHE_TEST_PROXY_NODES");
  return nodes != nullptr && std::string_view(nodes) == "memcached" ? memcached_spec()
                                                                    : ringcache_spec();
}

std::string missing_cluster_binary() {
  for (const ServerSpec& spec : {cluster_node_spec(), proxy_spec()}) {
    if (!binary_exists(spec.binary))
      return spec.name + " binary not found at '" + spec.binary + "'";
  }
  return "";
}

std::vector<std::string> numbered_keys(const std::string& prefix, std::size_t n) {
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < n; ++i) keys.push_back(prefix + std::to_string(i));
  return keys;
}

void ProxyTest::SetUp() {
  if (const std::string missing = missing_cluster_binary(); !missing.empty()) {
    GTEST_SKIP() << missing;
  }
  cluster_ = std::make_unique<ProxyCluster>(initial_nodes(), timings());
  ASSERT_EQ(cluster_->error(), "");
}

void ProxyTest::TearDown() {
  if (!cluster_ || !cluster_->error().empty()) return;
  EXPECT_TRUE(cluster_->proxy().alive()) << "the proxy must survive the test\n"
                                         << cluster_->proxy().output();
  EXPECT_EQ(cluster_->proxy().stop(), "") << "the proxy must stop cleanly on SIGTERM";
}

TestClient ProxyTest::connect(int port) {
  TestClient client(port == 0 ? cluster_->port() : port);
  EXPECT_TRUE(client.connected()) << client.error();
  return client;
}

ProxyCluster::ProxyCluster(std::size_t node_count, ProxyTimings timings) : timings_(timings) {
  char dir[] = "/tmp/ringcache-proxy-XXXXXX";
  if (::mkdtemp(dir) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = dir;
  config_path_ = dir_ + "/cluster.json";
  for (std::size_t i = 0; i < node_count; ++i) {
    if (add_node() != i) return;
  }
  initial_nodes_ = first_nodes(node_count);
  proxy_ = std::make_unique<ServerProcess>(proxy_spec(), [this](int port) {
    read_write_port_ = port;
    admin_port_ = pick_free_port();
    read_only_port_ = pick_free_port();
    rewrite_config(config_json(initial_nodes_));
    return std::vector<std::string>{"--config", config_path_};
  });
  if (!proxy_->started()) {
    error_ = "proxy: " + proxy_->error();
    return;
  }
  for (int p : {admin_port_, read_only_port_}) {
    if (!wait_accepting(p, std::chrono::seconds(5))) {
      error_ =
          "proxy listener " + std::to_string(p) + " accepts no connections\n" + proxy_->output();
    }
  }
}

ProxyCluster::~ProxyCluster() {
  // Stop the proxy first so that it never sees its nodes vanish.
  proxy_.reset();
  for (auto& n : nodes_) {
    if (n && n->pid() > 0) ::kill(n->pid(), SIGCONT);  // a test may have left it stopped
  }
  nodes_.clear();
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

std::unique_ptr<ServerProcess> ProxyCluster::start_node(int port) {
  const std::vector<std::string> extra = {"-t", "2", "-m", "64"};
  return std::make_unique<ServerProcess>(
      cluster_node_spec(),
      [extra](int p) {
        std::vector<std::string> args = {"-p", std::to_string(p), "-l", "127.0.0.1", "-U", "0"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
      },
      PortChoice{port, false});
}

std::size_t ProxyCluster::add_node() {
  auto node = start_node(0);
  if (!node->started()) {
    error_ = "node: " + node->error();
    return static_cast<std::size_t>(-1);
  }
  node_ports_.push_back(node->port());
  nodes_.push_back(std::move(node));
  return nodes_.size() - 1;
}

bool ProxyCluster::restart_node(std::size_t i) {
  nodes_.at(i)->stop(std::chrono::seconds(2));
  nodes_[i] = start_node(node_ports_[i]);
  if (!nodes_[i]->started()) error_ = "restarting node: " + nodes_[i]->error();
  return nodes_[i]->started();
}

std::vector<std::size_t> ProxyCluster::first_nodes(std::size_t n) const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(i);
  return out;
}

std::string ProxyCluster::config_json(const std::vector<std::size_t>& nodes) const {
  const ProxyTimings& t = timings_;
  return "{\n  \"listeners\": [" + listener(read_write_port_, "read-write") + ",\n    " +
         listener(admin_port_, "admin") + ",\n    " + listener(read_only_port_, "read-only") +
         "],\n  \"pools\": [{\"name\": \"main\", \"nodes\": [" + node_list(node_ports_, nodes) +
         "]}],\n  \"timeouts\": {\"connect_ms\": " + std::to_string(t.connect_ms) +
         ", \"reply_ms\": " + std::to_string(t.reply_ms) +
         "},\n  \"failure_detection\": {\"consecutive_timeouts\": " +
         std::to_string(t.consecutive_timeouts) +
         ", \"probe_backoff_min_ms\": " + std::to_string(t.probe_backoff_min_ms) +
         ", \"probe_backoff_max_ms\": " + std::to_string(t.probe_backoff_max_ms) + "}\n}\n";
}

std::string ProxyCluster::write_file(const std::string& name, const std::string& text) const {
  const std::string path = dir_ + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return path;
}

void ProxyCluster::replace_config(const std::string& text) const {
  const std::string tmp = write_file(".cluster.json.tmp", text);
  std::filesystem::rename(tmp, config_path_);
}

void ProxyCluster::rewrite_config(const std::string& text) const {
  std::ofstream out(config_path_, std::ios::binary | std::ios::trunc);
  out << text;
}

std::map<std::string, std::string> ProxyCluster::node_values(
    std::size_t i, const std::vector<std::string>& keys) const {
  std::map<std::string, std::string> out;
  TestClient c = connect_node(i);
  for (std::size_t at = 0; at < keys.size(); at += kKeysPerGet) {
    std::string cmd = "get";
    for (std::size_t k = at; k < std::min(keys.size(), at + kKeysPerGet); ++k) cmd += " " + keys[k];
    if (!c.send(cmd + "\r\n")) break;
    for (const Value& v : parse_values(read_reply(c, ReplyKind::kValues))) out[v.key] = v.data;
  }
  return out;
}

std::map<std::string, int> ProxyCluster::owners(const std::vector<std::string>& keys,
                                                const std::string& value_prefix) const {
  std::map<std::string, int> out;
  for (const auto& k : keys) out[k] = -1;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    for (const auto& [key, data] : node_values(i, keys)) {
      if (data != value_prefix + key) continue;
      out[key] = out[key] == -1 ? static_cast<int>(i) : -2;
    }
  }
  return out;
}

std::vector<std::string> ProxyCluster::set_all(const std::vector<std::string>& keys,
                                               const std::string& value_prefix) const {
  TestClient c = connect();
  std::string batch;
  for (const auto& k : keys) {
    const std::string v = value_prefix + k;
    batch += "set " + k + " 0 0 " + std::to_string(v.size()) + "\r\n" + v + "\r\n";
  }
  std::vector<std::string> failed;
  if (!c.send(batch)) return keys;
  for (const auto& k : keys) {
    if (c.read_line() != "STORED\r\n") failed.push_back(k);
  }
  return failed;
}

std::vector<std::string> ProxyCluster::keys_on(std::size_t i, std::size_t count,
                                               const std::string& prefix) const {
  // Each node owns about 1/N of the keys: 40*N candidates give `count` with a wide margin.
  const std::vector<std::string> candidates =
      numbered_keys(prefix, std::max<std::size_t>(64, 40 * count * nodes_.size()));
  set_all(candidates, "seed-");
  std::vector<std::string> out;
  for (const auto& [key, owner] : owners(candidates, "seed-")) {
    if (owner == static_cast<int>(i) && out.size() < count) out.push_back(key);
  }
  return out;
}

}  // namespace ringcache::integration
