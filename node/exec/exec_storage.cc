// set add replace append prepend cas.
#include "common/protocol/text_writer.h"
#include "node/exec/commands.h"

namespace ringcache::node {

using common::text::append_line;

using common::Command;

namespace {

StoreMode mode_of(Command command) {
  switch (command) {
    case Command::kAdd: return StoreMode::kAdd;
    case Command::kReplace: return StoreMode::kReplace;
    case Command::kAppend: return StoreMode::kAppend;
    case Command::kPrepend: return StoreMode::kPrepend;
    case Command::kCas: return StoreMode::kCas;
    default: return StoreMode::kSet;
  }
}

// The value could not be stored at all (too large, or no memory with -M). memcached
// answers before reading the data and, for set, drops the old value so that a reader
// never sees data the client meant to replace.
void refuse(ExecEnv& env, const common::Request& req, bool too_large, std::string& out) {
  if (too_large) {
    env.stats.store_too_large.add();
    append_line(out, "SERVER_ERROR object too large for cache");
  } else {
    env.stats.store_no_memory.add();
    append_line(out, "SERVER_ERROR out of memory storing object");
  }
  if (req.command == Command::kSet) env.context.cache.remove(req.key);
}

void count_cas(WorkerStats& stats, StoreResult res) {
  if (res == StoreResult::kStored) stats.cas_hits.add();
  if (res == StoreResult::kExists) stats.cas_badval.add();
  if (res == StoreResult::kNotFound) stats.cas_misses.add();
}

std::string_view reply_of(StoreResult res) {
  switch (res) {
    case StoreResult::kStored: return "STORED";
    case StoreResult::kNotStored: return "NOT_STORED";
    case StoreResult::kExists: return "EXISTS";
    case StoreResult::kNotFound: return "NOT_FOUND";
    default: return "SERVER_ERROR Unhandled storage type.";
  }
}

}  // namespace

void exec_storage(ExecEnv& env, const common::Request& req, std::string& out) {
  if (env.context.detail_enabled.load(std::memory_order_relaxed)) {
    env.context.prefix_stats.record_set(req.key);
  }
  if (req.too_large) {
    refuse(env, req, true, out);
    return;
  }
  StoreArgs args;
  args.mode = mode_of(req.command);
  args.key = req.key;
  args.value = req.value;
  args.flags = req.flags;
  args.exptime = to_absolute_exptime(req.exptime, env.context.clock.now());
  args.cas = req.cas;
  StoreResult res = env.context.cache.store(args);
  if (res == StoreResult::kTooLarge || res == StoreResult::kNoMemory) {
    refuse(env, req, res == StoreResult::kTooLarge, out);
    return;
  }
  env.stats.cmd_set.add();
  if (req.command == Command::kCas) count_cas(env.stats, res);
  append_line(out, reply_of(res));
}

}  // namespace ringcache::node
