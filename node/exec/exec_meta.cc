// mn, me, and the routing of every meta command.
#include "common/protocol/meta_writer.h"
#include "common/protocol/text_writer.h"
#include "common/util/base64.h"
#include "node/exec/meta_commands.h"
#include "node/exec/meta_support.h"

namespace ringcache::node {

using common::Command;

void exec_meta(ExecEnv& env, const common::Request& req, std::string& out) {
  switch (req.command) {
    case Command::kMetaGet: exec_meta_get(env, req, out); return;
    case Command::kMetaSet: exec_meta_set(env, req, out); return;
    case Command::kMetaDelete: exec_meta_delete(env, req, out); return;
    case Command::kMetaArithmetic: exec_meta_arith(env, req, out); return;
    case Command::kMetaDebug: exec_meta_debug(env, req, out); return;
    case Command::kMetaNoop: out.append(common::meta::kNoop); return;  // counts nothing
    default: common::text::append_line(out, "ERROR"); return;
  }
}

// "ME <key> exp=.. la=.. cas=.. fetch=yes|no cls=.. size=..": looks without bumping.
// memcached counts this command (alone among the meta ones, once its key decoded) as
// cmd_meta.
void exec_meta_debug(ExecEnv& env, const common::Request& req, std::string& out) {
  const meta::MetaKey key(req);
  if (!key.ok()) {
    common::text::append_line(out, "CLIENT_ERROR bad command line format");
    return;
  }
  env.stats.cmd_meta.add();
  const meta::MetaClock clock(env.context);
  const Settings& settings = env.context.settings;
  MetaGetOptions options;
  options.no_update = true;
  const LookupResult res = env.context.cache.meta_get(key.view(), options, [&](MetaItem& item) {
    const std::size_t size = meta::memcached_item_size(item.key().size(), item.value().size(),
                                                       item.flags(), settings.use_cas);
    out.append("ME ");
    if (item.key_binary()) {
      common::base64_encode(item.key(), out);
    } else {
      out.append(item.key());
    }
    out.append(" exp=").append(std::to_string(clock.exp(item.exptime())));
    out.append(" la=").append(std::to_string(clock.since(item.last_access())));
    out.append(" cas=").append(std::to_string(item.cas()));
    out.append(item.fetched() ? " fetch=yes" : " fetch=no");
    out.append(" cls=").append(std::to_string(meta::memcached_slab_class(size, settings)));
    out.append(" size=").append(std::to_string(size)).append("\r\n");
  });
  if (res != LookupResult::kHit) {
    common::meta::begin(out, common::meta::kMiss);
    common::meta::end(out);
  }
}

}  // namespace ringcache::node
