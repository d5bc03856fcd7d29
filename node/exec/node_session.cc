#include "node/exec/node_session.h"

#include <algorithm>

#include "common/protocol/text_writer.h"
#include "node/exec/commands.h"

namespace ringcache::node {

using common::text::append_line;

using common::Command;
using common::ParseStatus;

NodeSession::NodeSession(NodeContext& context, WorkerStats& stats)
    : context_(context), stats_(stats) {
  // The parser refuses (and swallows) data blocks that can never be stored, with
  // memcached's item arithmetic: its header is 8 bytes shorter without CAS (-C).
  limits_.max_value = context.settings.item_size_max;
  limits_.item_overhead = common::kMemcachedItemHeader - (context.settings.use_cas ? 0 : 8);
}

std::size_t NodeSession::on_input(std::string_view in, std::string& out, bool& close) {
  std::size_t pos = 0;
  while (pos < in.size()) {
    if (swallow_ > 0) {
      // A refused data block may span many reads: drop what has arrived of it.
      std::size_t n = std::min(swallow_, in.size() - pos);
      swallow_ -= n;
      pos += n;
      stats_.bytes_read.add(n);
      continue;
    }
    common::ParseResult res = common::parse_text_request(in.substr(pos), request_, limits_);
    if (res.status == ParseStatus::kNeedMore) break;
    pos += res.consumed;
    stats_.bytes_read.add(res.consumed);
    swallow_ = res.swallow;
    std::size_t mark = out.size();
    bool keep_open = true;
    if (res.status == ParseStatus::kBad) {
      if (!res.error.empty()) append_line(out, res.error);
      keep_open = !res.close;
    } else {
      keep_open = execute(out);
    }
    stats_.bytes_written.add(out.size() - mark);
    if (!keep_open) {
      close = true;
      break;
    }
  }
  return pos;
}

bool NodeSession::execute(std::string& out) {
  std::size_t mark = out.size();
  bool keep_open = dispatch(out);
  if (request_.noreply) out.resize(mark);
  return keep_open;
}

bool NodeSession::dispatch(std::string& out) {
  ExecEnv env{context_, stats_};
  const common::Request& req = request_;
  switch (req.command) {
    case Command::kGet: case Command::kGets: case Command::kGat: case Command::kGats:
      exec_retrieval(env, req, out);
      return true;
    case Command::kSet: case Command::kAdd: case Command::kReplace:
    case Command::kAppend: case Command::kPrepend: case Command::kCas:
      exec_storage(env, req, out);
      return true;
    case Command::kIncr: case Command::kDecr:
      exec_arith(env, req, out);
      return true;
    case Command::kDelete: exec_delete(env, req, out); return true;
    case Command::kTouch: exec_touch(env, req, out); return true;
    case Command::kFlushAll: exec_flush_all(env, req, out); return true;
    case Command::kVersion: exec_version(out); return true;
    case Command::kVerbosity: exec_verbosity(env, req, out); return true;
    case Command::kStats: exec_stats(env, req, out); return true;
    case Command::kQuit: return false;
    case Command::kShutdown: return !exec_shutdown(env, req, out);
    case Command::kMetaNoop:
      // The text parser passes `mn` on: memcached answers it (and counts nothing).
      append_line(out, "MN");
      return true;
    default:
      // Other meta and binary requests never come out of the text parser.
      append_line(out, "ERROR");
      return true;
  }
}

}  // namespace ringcache::node
