// flush_all version verbosity shutdown.
#include <algorithm>

#include "common/protocol/text_writer.h"
#include "node/exec/commands.h"
#include "node/exec/version.h"

namespace ringcache::node {

using common::text::append_line;

namespace {
constexpr uint64_t kMaxVerbosity = 2;  // memcached's MAX_VERBOSITY_LEVEL
}  // namespace

void exec_flush_all(ExecEnv& env, const common::Request& req, std::string& out) {
  NodeContext& ctx = env.context;
  // memcached counts the command even when -F refuses it.
  env.stats.cmd_flush.add();
  if (!ctx.settings.flush_enabled) {
    append_line(out, "CLIENT_ERROR flush_all not allowed");
    return;
  }
  const int64_t now = ctx.clock.now();
  // memcached's cut-off is one second before the delay ends when CAS is on (oldest_live).
  const int64_t cas_slack = ctx.settings.use_cas ? 1 : 0;
  int64_t cutoff = (req.exptime > 0 ? to_absolute_exptime(req.exptime, now) : now) - cas_slack;
  // A cut-off that has come already is an immediate flush, which the cache does by
  // sequence rather than by second (so a set later in this second survives).
  ctx.cache.flush_all(cutoff > now ? cutoff : 0);
  ctx.oldest_live.store(std::max<int64_t>(cutoff - ctx.start_time, 0), std::memory_order_relaxed);
  append_line(out, "OK");
}

void exec_version(std::string& out) {
  common::text::append_version(out, kVersion);
}

void exec_verbosity(ExecEnv& env, const common::Request& req, std::string& out) {
  uint64_t level = std::min(req.delta, kMaxVerbosity);
  env.context.verbosity.store(static_cast<int>(level), std::memory_order_relaxed);
  append_line(out, "OK");
}

bool exec_shutdown(ExecEnv& env, const common::Request& req, std::string& out) {
  if (!env.context.settings.shutdown_enabled) {
    append_line(out, "ERROR: shutdown not enabled");
    return false;
  }
  // memcached accepts "shutdown" and "shutdown graceful"; both stop the server here.
  if (!req.arg.empty() && req.arg != "graceful") {
    append_line(out, "CLIENT_ERROR invalid shutdown mode");
    return false;
  }
  if (env.context.request_shutdown) env.context.request_shutdown();
  return true;  // memcached closes the connection without a reply
}

}  // namespace ringcache::node
