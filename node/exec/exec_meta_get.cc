// mg: one key, flags answered in the order sent; T/N/R may change the item on the way.
#include "common/protocol/meta_writer.h"
#include "node/exec/meta_commands.h"
#include "node/exec/meta_support.h"

namespace ringcache::node {

namespace mw = common::meta;

namespace {

// What the request asks, decoded once before the item is locked.
struct GetPlan {
  bool value = false;       // v: VA with the data block, else HD
  int64_t new_exptime = 0;  // T
  int64_t vivify_exptime = 0;  // N
  int64_t recache_below = 0;   // R: win when the item expires before this
};

// Appends "VA <n>"/"HD", the return flags, then Z X W (in memcached's order), and the
// data block. Returns whether T changed the TTL (then memcached counts a touch).
bool answer_hit(const GetPlan& plan, const meta::FlagList& flags, const meta::MetaClock& clock,
                MetaItem& item, std::string& out) {
  bool ttl_set = false;
  bool won = false;
  if (plan.value) {
    mw::begin_value(out, item.value().size());
  } else {
    mw::begin(out, mw::kStored);
  }
  for (const meta::FlagToken& f : flags) {
    switch (f.flag) {
      case 'T': ttl_set = true; item.set_exptime(plan.new_exptime); break;
      case 'N':
        if (item.created()) {
          item.set_exptime(plan.vivify_exptime);
          won = true;
        }
        break;
      case 'R':
        if (!item.win_sent() && !item.created() && item.exptime() != 0 &&
            item.exptime() < plan.recache_below) {
          won = true;
        }
        break;
      case 's': mw::add_number(out, 's', item.value().size()); break;
      case 't': mw::add_signed(out, 't', clock.ttl(item.exptime())); break;
      case 'c': mw::add_number(out, 'c', item.cas()); break;
      case 'f': mw::add_number(out, 'f', item.flags()); break;
      case 'l': mw::add_number(out, 'l', clock.since(item.last_access())); break;
      case 'h': mw::add_number(out, 'h', item.fetched() ? 1 : 0); break;
      case 'O': mw::add_opaque(out, f.token); break;
      case 'k': mw::add_key(out, item.key(), item.key_binary()); break;
      default: break;
    }
  }
  // Z before X, and never W with Z: someone else already holds the token.
  if (item.win_sent()) mw::add_flag(out, 'Z');
  if (item.stale()) {
    mw::add_flag(out, 'X');
    if (!item.win_sent()) won = true;
  }
  if (won) {
    mw::add_flag(out, 'W');
    item.mark_win_sent();
  }
  mw::end(out);
  if (plan.value) mw::add_data(out, item.value());
  return ttl_set;
}

// "EN" with the opaque and key echoed, unless q hides it.
void answer_miss(const common::Request& req, const meta::MetaKey& key,
                 const meta::FlagList& flags, std::string& out) {
  if (req.meta.has('q')) return;
  mw::begin(out, mw::kMiss);
  for (const meta::FlagToken& f : flags) {
    if (f.flag == 'O') mw::add_opaque(out, f.token);
    if (f.flag == 'k') mw::add_key(out, key.view(), key.binary());
  }
  mw::end(out);
}

}  // namespace

void exec_meta_get(ExecEnv& env, const common::Request& req, std::string& out) {
  const meta::MetaKey key(req);
  const meta::FlagList flags(req);
  const meta::MetaClock clock(env.context);
  GetPlan plan;
  plan.value = req.meta.has('v');
  plan.new_exptime = to_absolute_exptime(req.exptime, clock.now());
  if (req.meta.has('N')) plan.vivify_exptime = meta::absolute_ttl(req.meta.token('N'), clock.now());
  if (req.meta.has('R')) plan.recache_below = meta::absolute_ttl(req.meta.token('R'), clock.now());
  MetaGetOptions options;
  options.no_update = req.meta.has('u');
  options.vivify = req.meta.has('N');

  bool ttl_set = false;
  const LookupResult res = env.context.cache.meta_get(key.view(), options, [&](MetaItem& item) {
    ttl_set = answer_hit(plan, flags, clock, item, out);
  });
  WorkerStats& stats = env.stats;
  if (res == LookupResult::kHit) {
    // A vivified item counts as a hit too, as in memcached.
    if (ttl_set) {
      stats.cmd_touch.add();
      stats.touch_hits.add();
    } else {
      stats.cmd_get.add();
      stats.get_hits.add();
    }
    return;
  }
  if (res == LookupResult::kExpired) stats.get_expired.add();
  if (res == LookupResult::kFlushed) stats.get_flushed.add();
  stats.cmd_get.add();
  stats.get_misses.add();
  answer_miss(req, key, flags, out);
}

}  // namespace ringcache::node
