// get gets gat gats.
#include <optional>

#include "common/protocol/text_writer.h"
#include "node/exec/commands.h"

namespace ringcache::node {

using common::text::append_line;

using common::Command;

namespace {

// "VALUE <key> <flags> <bytes>[ <cas>]\r\n<data>\r\n", as memcached's make_ascii_get_suffix.
void append_value(std::string& out, const ItemView& item, bool with_cas) {
  if (with_cas) {
    common::text::append_value(out, item.key, item.flags, item.value, item.cas);
  } else {
    common::text::append_value(out, item.key, item.flags, item.value);
  }
}

// memcached counts an expired or flushed item found on lookup apart from a plain miss.
void count_lost(WorkerStats& stats, LookupResult res) {
  if (res == LookupResult::kExpired) stats.get_expired.add();
  if (res == LookupResult::kFlushed) stats.get_flushed.add();
}

}  // namespace

void exec_retrieval(ExecEnv& env, const common::Request& req, std::string& out) {
  const bool with_cas = req.command == Command::kGets || req.command == Command::kGats;
  const bool touch = req.command == Command::kGat || req.command == Command::kGats;
  std::optional<int64_t> new_exptime;
  if (touch) new_exptime = to_absolute_exptime(req.exptime, env.context.clock.now());
  WorkerStats& stats = env.stats;
  const bool detail = env.context.detail_enabled.load(std::memory_order_relaxed);
  for (std::string_view key : req.keys) {
    LookupResult res = env.context.cache.get(
        key, [&](const ItemView& item) { append_value(out, item, with_cas); }, new_exptime);
    const bool hit = res == LookupResult::kHit;
    count_lost(stats, res);
    if (detail) env.context.prefix_stats.record_get(key, hit);
    // gat/gats count as touches only, as memcached does (cmd_touch, touch_hits/misses).
    if (touch) {
      stats.cmd_touch.add();
      (hit ? stats.touch_hits : stats.touch_misses).add();
    } else {
      stats.cmd_get.add();
      (hit ? stats.get_hits : stats.get_misses).add();
    }
  }
  out.append(common::text::kEnd);
}

}  // namespace ringcache::node
