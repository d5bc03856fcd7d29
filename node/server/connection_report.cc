#include "node/server/connection_report.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace ringcache::node {
namespace {

struct Row {
  int fd;
  std::string addr;
  std::string listen_addr;  // empty for listeners
  const char* state;
  int64_t idle_ms;
};

void append_stat(std::string& out, int fd, const char* name, const std::string& value) {
  out += "STAT ";
  out += std::to_string(fd);
  out += ':';
  out += name;
  out += ' ';
  out += value;
  out += "\r\n";
}

}  // namespace

void describe_connections(const common::Server& server, std::string& out) {
  std::vector<Row> rows;
  for (const common::ListenerInfo& l : server.listeners()) {
    rows.push_back({l.fd, l.address, "", "conn_listening", l.idle_ms});
  }
  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
  server.for_each_connection([&](const common::Connection& c) {
    rows.push_back({c.fd(), c.peer_address(), c.local_address(), common::state_name(c.state()),
                    now_ms - c.last_active_ms()});
  });
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.fd < b.fd; });
  for (const Row& r : rows) {
    append_stat(out, r.fd, "addr", r.addr);
    if (!r.listen_addr.empty()) append_stat(out, r.fd, "listen_addr", r.listen_addr);
    append_stat(out, r.fd, "state", r.state);
    append_stat(out, r.fd, "secs_since_last_cmd", std::to_string(std::max<int64_t>(0, r.idle_ms) / 1000));
  }
}

}  // namespace ringcache::node
