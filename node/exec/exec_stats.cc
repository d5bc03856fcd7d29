// stats [group ...]: picks the group as memcached's process_stat does.
#include <string_view>
#include <utility>

#include "common/protocol/text_writer.h"
#include "node/exec/commands.h"
#include "node/exec/stats_report.h"

namespace ringcache::node {

using common::text::append_line;

namespace {

// Splits off the first space-separated word of `s`.
std::pair<std::string_view, std::string_view> first_word(std::string_view s) {
  std::size_t start = s.find_first_not_of(' ');
  if (start == std::string_view::npos) return {};
  s.remove_prefix(start);
  std::size_t end = s.find(' ');
  if (end == std::string_view::npos) return {s, {}};
  return {s.substr(0, end), s.substr(end + 1)};
}

void stats_detail(NodeContext& ctx, std::string_view rest, std::string& out) {
  std::string_view mode = first_word(rest).first;
  if (mode == "on" || mode == "off") {
    ctx.detail_enabled.store(mode == "on", std::memory_order_relaxed);
    append_line(out, "OK");
  } else if (mode == "dump") {
    ctx.prefix_stats.dump(out);
  } else {
    append_line(out, "CLIENT_ERROR usage: stats detail on|off|dump");
  }
}

// memcached's stats_reset: per-thread counters, the store's and the listeners' totals
// and the prefix table; gauges (curr_items, curr_connections) stay.
void stats_reset(NodeContext& ctx) {
  for (WorkerStats* w : ctx.workers) w->reset();
  ctx.cache.reset_stats();
  ctx.connections.total_connections.reset();
  ctx.connections.rejected_connections.reset();
  ctx.prefix_stats.clear();
}

// Groups whose reply is a list of STAT lines closed by END. False if `group` is unknown.
bool stats_list(NodeContext& ctx, std::string_view group, std::string& out) {
  if (group.empty()) {
    append_general_stats(ctx, out);
  } else if (group == "settings") {
    append_settings_stats(ctx, out);
  } else if (group == "items") {
    append_items_stats(ctx, out);
  } else if (group == "slabs") {
    append_slabs_stats(ctx, out);
  } else if (group == "sizes") {
    // memcached 1.6 keeps the size histogram off unless started with -o track_sizes.
    out.append("STAT sizes_status disabled\r\n");
  } else if (group == "conns") {
    if (ctx.describe_connections) ctx.describe_connections(out);
  } else {
    return false;
  }
  out.append(common::text::kEnd);
  return true;
}

}  // namespace

void exec_stats(ExecEnv& env, const common::Request& req, std::string& out) {
  auto [group, rest] = first_word(req.arg);
  NodeContext& ctx = env.context;
  if (group == "reset") {
    stats_reset(ctx);
    append_line(out, "RESET");
  } else if (group == "detail") {
    stats_detail(ctx, rest, out);
  } else if (group == "cachedump") {
    // dump_enabled is "no": memcached -X answers the same.
    append_line(out, "CLIENT_ERROR stats cachedump not allowed");
  } else if (!stats_list(ctx, group, out)) {
    append_line(out, "ERROR");
  }
}

}  // namespace ringcache::node
