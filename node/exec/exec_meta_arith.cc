// md and ma: the meta commands without a data block that change an item.
#include "common/protocol/meta_writer.h"
#include "common/protocol/text_writer.h"
#include "node/exec/meta_commands.h"
#include "node/exec/meta_support.h"

namespace ringcache::node {

namespace mw = common::meta;

namespace {

// "<code>" with the opaque and key echoed in the order sent, then "\r\n".
void answer_plain(const meta::FlagList& flags, const meta::MetaKey& key, std::string_view code,
                  std::string& out) {
  mw::begin(out, code);
  for (const meta::FlagToken& f : flags) {
    if (f.flag == 'O') mw::add_opaque(out, f.token);
    if (f.flag == 'k') mw::add_key(out, key.view(), key.binary());
  }
  mw::end(out);
}

bool decrements(const common::Request& req) {
  if (!req.meta.has('M')) return false;
  const char mode = req.meta.token('M')[0];
  return mode == 'D' || mode == '-';
}

}  // namespace

void exec_meta_delete(ExecEnv& env, const common::Request& req, std::string& out) {
  const meta::MetaKey key(req);
  MetaDeleteArgs args;
  args.compare_cas = req.meta.has('C');
  args.cas = req.cas;
  args.invalidate = req.meta.has('I');
  if (args.invalidate && req.meta.has('T')) {
    args.exptime = to_absolute_exptime(req.exptime, env.context.clock.now());
  }
  switch (env.context.cache.meta_delete(key.view(), args)) {
    case DeleteResult::kDeleted:
      // An invalidation keeps the item: memcached counts no delete hit for it.
      if (!args.invalidate) env.stats.delete_hits.add();
      if (req.meta.has('q')) return;
      answer_plain(meta::FlagList(req), key, mw::kStored, out);
      return;
    case DeleteResult::kExists:
      env.stats.delete_misses.add();
      answer_plain(meta::FlagList(req), key, mw::kExists, out);
      return;
    case DeleteResult::kNotFound:
      env.stats.delete_misses.add();
      answer_plain(meta::FlagList(req), key, mw::kNotFound, out);
      return;
  }
}

void exec_meta_arith(ExecEnv& env, const common::Request& req, std::string& out) {
  const meta::MetaKey key(req);
  const meta::FlagList flags(req);
  const meta::MetaClock clock(env.context);
  MetaArithArgs args;
  args.incr = !decrements(req);
  args.delta = req.delta;
  args.cas = req.cas;
  args.vivify = req.meta.has('N');
  args.initial = req.initial;
  const int64_t new_exptime = to_absolute_exptime(req.exptime, clock.now());
  const int64_t vivify_exptime =
      args.vivify ? meta::absolute_ttl(req.meta.token('N'), clock.now()) : 0;
  const bool value = req.meta.has('v');
  const std::size_t mark = out.size();
  bool created = false;
  const MetaArithOutcome res =
      env.context.cache.meta_arith(key.view(), args, [&](MetaItem& item, uint64_t number) {
        created = item.created();
        const std::string digits = std::to_string(number);
        if (value) {
          mw::begin_value(out, digits.size());
        } else {
          mw::begin(out, mw::kStored);
        }
        for (const meta::FlagToken& f : flags) {
          switch (f.flag) {
            case 'c': mw::add_number(out, 'c', item.cas()); break;
            case 't': mw::add_signed(out, 't', clock.ttl(item.exptime())); break;
            case 'T': item.set_exptime(new_exptime); break;
            case 'N': if (item.created()) item.set_exptime(vivify_exptime); break;
            case 'O': mw::add_opaque(out, f.token); break;
            case 'k': mw::add_key(out, key.view(), key.binary()); break;
            default: break;
          }
        }
        mw::end(out);
        if (value) mw::add_data(out, digits);
      });
  WorkerStats& stats = env.stats;
  switch (res.result) {
    case ArithResult::kOk:
      // A created item counts nothing; q hides only an update's success.
      if (created) return;
      (args.incr ? stats.incr_hits : stats.decr_hits).add();
      if (req.meta.has('q')) out.resize(mark);
      return;
    case ArithResult::kNotFound:
      (args.incr ? stats.incr_misses : stats.decr_misses).add();
      answer_plain(flags, key, mw::kNotFound, out);
      return;
    case ArithResult::kExists:
      answer_plain(flags, key, mw::kExists, out);
      return;
    case ArithResult::kNonNumeric:
      out.append(common::text::kNonNumeric);
      return;
    case ArithResult::kNoMemory:
      common::text::append_line(out, res.vivify_failed
                                         ? "SERVER_ERROR Out of memory allocating new item"
                                         : "SERVER_ERROR out of memory");
      return;
  }
}

}  // namespace ringcache::node
