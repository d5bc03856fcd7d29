// ms: every storage command in one, chosen by M; C compares, I lets an older CAS in as
// stale. The reply echoes O, k and c in the order sent.
#include "common/protocol/meta_writer.h"
#include "common/protocol/text_writer.h"
#include "node/exec/meta_commands.h"
#include "node/exec/meta_support.h"

namespace ringcache::node {

namespace mw = common::meta;

namespace {

// memcached's mode switch; a compare value turns set and replace into cas.
StoreMode mode_of(const common::Request& req) {
  const char mode = req.meta.has('M') ? req.meta.token('M')[0] : 'S';
  StoreMode m = StoreMode::kSet;
  switch (mode) {
    case 'E': m = StoreMode::kAdd; break;
    case 'A': m = StoreMode::kAppend; break;
    case 'P': m = StoreMode::kPrepend; break;
    case 'R': m = StoreMode::kReplace; break;
    default: break;
  }
  if (req.meta.has('C') && (m == StoreMode::kSet || m == StoreMode::kReplace)) {
    m = StoreMode::kCas;
  }
  return m;
}

// The item could not be allocated: memcached answers before reading the data and, in
// every mode, drops the old value so that nobody reads what the client meant to replace.
void refuse(ExecEnv& env, std::string_view key, bool too_large, std::string& out) {
  if (too_large) {
    env.stats.store_too_large.add();
    out.append(common::text::kTooLarge);
  } else {
    env.stats.store_no_memory.add();
    out.append(common::text::kOutOfMemory);
  }
  env.context.cache.remove(key);
}

std::string_view code_of(StoreResult res) {
  switch (res) {
    case StoreResult::kStored: return mw::kStored;
    case StoreResult::kExists: return mw::kExists;
    case StoreResult::kNotFound: return mw::kNotFound;
    default: return mw::kNotStored;
  }
}

void count_cas(WorkerStats& stats, StoreResult res) {
  if (res == StoreResult::kStored) stats.cas_hits.add();
  if (res == StoreResult::kExists) stats.cas_badval.add();
  if (res == StoreResult::kNotFound) stats.cas_misses.add();
}

}  // namespace

void exec_meta_set(ExecEnv& env, const common::Request& req, std::string& out) {
  const meta::MetaKey key(req);
  if (req.too_large) {
    refuse(env, key.view(), true, out);
    return;
  }
  StoreArgs args;
  args.mode = mode_of(req);
  args.key = key.view();
  args.value = req.value;
  args.flags = req.flags;
  args.exptime = to_absolute_exptime(req.exptime, env.context.clock.now());
  args.cas = req.cas;
  args.invalidate = req.meta.has('I') && args.mode == StoreMode::kCas;
  args.key_binary = key.binary();
  uint64_t cas = 0;
  const StoreResult res = env.context.cache.store(args, &cas);
  if (res == StoreResult::kTooLarge || res == StoreResult::kNoMemory) {
    refuse(env, key.view(), res == StoreResult::kTooLarge, out);
    return;
  }
  env.stats.cmd_set.add();
  if (args.mode == StoreMode::kCas) count_cas(env.stats, res);
  // q hides only success.
  if (res == StoreResult::kStored && req.meta.has('q')) return;
  mw::begin(out, code_of(res));
  for (const meta::FlagToken& f : meta::FlagList(req)) {
    if (f.flag == 'O') mw::add_opaque(out, f.token);
    if (f.flag == 'k') mw::add_key(out, key.view(), key.binary());
    if (f.flag == 'c') mw::add_number(out, 'c', res == StoreResult::kStored ? cas : 0);
  }
  mw::end(out);
}

}  // namespace ringcache::node
