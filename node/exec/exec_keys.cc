// incr decr delete touch: the single-key commands without a data block.
#include "common/protocol/text_writer.h"
#include "node/exec/commands.h"

namespace ringcache::node {

using common::text::append_line;

using common::Command;

void exec_arith(ExecEnv& env, const common::Request& req, std::string& out) {
  const bool incr = req.command == Command::kIncr;
  uint64_t value = 0;
  switch (env.context.cache.arith(req.key, incr, req.delta, &value)) {
    case ArithResult::kOk:
      (incr ? env.stats.incr_hits : env.stats.decr_hits).add();
      common::text::append_number(out, value);
      return;
    case ArithResult::kNotFound:
      (incr ? env.stats.incr_misses : env.stats.decr_misses).add();
      append_line(out, "NOT_FOUND");
      return;
    case ArithResult::kNonNumeric:
      // memcached counts neither a hit nor a miss here.
      append_line(out, "CLIENT_ERROR cannot increment or decrement non-numeric value");
      return;
    case ArithResult::kNoMemory:
      append_line(out, "SERVER_ERROR out of memory");
      return;
    case ArithResult::kExists:
      // Only a compare value can mismatch, and text incr/decr never send one.
      append_line(out, "EXISTS");
      return;
  }
}

void exec_delete(ExecEnv& env, const common::Request& req, std::string& out) {
  if (env.context.detail_enabled.load(std::memory_order_relaxed)) {
    env.context.prefix_stats.record_delete(req.key);
  }
  if (env.context.cache.remove(req.key) == DeleteResult::kDeleted) {
    env.stats.delete_hits.add();
    append_line(out, "DELETED");
  } else {
    env.stats.delete_misses.add();
    append_line(out, "NOT_FOUND");
  }
}

void exec_touch(ExecEnv& env, const common::Request& req, std::string& out) {
  int64_t exptime = to_absolute_exptime(req.exptime, env.context.clock.now());
  env.stats.cmd_touch.add();
  if (env.context.cache.touch(req.key, exptime) == TouchResult::kTouched) {
    env.stats.touch_hits.add();
    append_line(out, "TOUCHED");
  } else {
    env.stats.touch_misses.add();
    append_line(out, "NOT_FOUND");
  }
}

}  // namespace ringcache::node
