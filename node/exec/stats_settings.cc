// `stats settings`: memcached's process_stat_settings names, in its order, for what the
// node has (slab, LRU-crawler and extstore knobs have no counterpart and are left out).
#include <cstdio>
#include <string>

#include "node/exec/stats_report.h"

namespace ringcache::node {

namespace {

std::string join(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) {
    if (!s.empty()) s.push_back(',');
    s += p;
  }
  return s;
}

std::string printf_string(const char* format, double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string_view protocol_name(const std::string& protocol) {
  if (protocol == "ascii") return "ascii";
  if (protocol == "binary") return "binary";
  return "auto-negotiate";
}

void append_network(const NodeContext& ctx, StatWriter& w) {
  const Settings& s = ctx.settings;
  w.add("maxbytes", uint64_t{s.memory_limit});
  w.add("maxconns", static_cast<uint64_t>(s.max_connections));
  w.add("tcpport", static_cast<uint64_t>(s.port));
  w.add("udpport", static_cast<uint64_t>(s.udp_port));
  w.add("inter", s.listen.empty() ? std::string("NULL") : join(s.listen));
  w.add("verbosity", static_cast<uint64_t>(ctx.verbosity.load(std::memory_order_relaxed)));
  w.add_signed("oldest", ctx.oldest_live.load(std::memory_order_relaxed));
  w.add_bool("evictions", s.evict, "on", "off");
  w.add("domain_socket", s.unix_socket.empty() ? std::string("NULL") : s.unix_socket);
  char umask[16];
  std::snprintf(umask, sizeof umask, "%o", static_cast<unsigned>(s.unix_mask));
  w.add("umask", umask);
  w.add_bool("shutdown_command", s.shutdown_enabled);
}

void append_engine(const NodeContext& ctx, StatWriter& w) {
  const Settings& s = ctx.settings;
  w.add("growth_factor", printf_string("%.2f", s.growth_factor));
  w.add("chunk_size", static_cast<uint64_t>(s.chunk_size));
  w.add("num_threads", static_cast<uint64_t>(s.threads));
  w.add("num_threads_per_udp", static_cast<uint64_t>(s.threads));
  w.add("stat_key_prefix", ":");
  w.add_bool("detail_enabled", ctx.detail_enabled.load(std::memory_order_relaxed));
  w.add("reqs_per_event", static_cast<uint64_t>(s.reqs_per_event));
  w.add_bool("cas_enabled", s.use_cas);
  w.add("tcp_backlog", static_cast<uint64_t>(s.backlog));
  w.add("binding_protocol", protocol_name(s.protocol));
  w.add_bool("auth_enabled_sasl", s.sasl);
  w.add("auth_enabled_ascii", s.auth_file.empty() ? std::string("no") : s.auth_file);
  w.add("item_size_max", uint64_t{s.item_size_max});
  w.add_bool("maxconns_fast", true);
  w.add("hashpower_init", uint64_t{0});
  w.add_bool("flush_enabled", s.flush_enabled);
  // `stats cachedump` and `lru_crawler metadump` are not offered.
  w.add_bool("dump_enabled", false);
}

}  // namespace

void append_settings_stats(const NodeContext& context, std::string& out) {
  StatWriter w(out);
  append_network(context, w);
  append_engine(context, w);
  for (const auto& [name, value] : context.settings.extra_options) w.add(name, value);
}

}  // namespace ringcache::node
