#include "node/exec/node_session.h"

#include <algorithm>

#include "common/net/session.h"
#include "common/protocol/binary_parser.h"
#include "common/protocol/binary_writer.h"
#include "common/protocol/request_parser.h"
#include "common/protocol/text_writer.h"
#include "node/auth/text_auth.h"
#include "node/exec/commands.h"
#include "node/exec/exec_binary.h"
#include "node/exec/meta_commands.h"

namespace ringcache::node {

using common::text::append_line;

using common::Command;
using common::ParseStatus;
using BinaryStatus = common::binary::Status;

namespace {

common::Request& thread_request() {
  thread_local common::Request request;
  return request;
}

}  // namespace

NodeSession::NodeSession(NodeContext& context, WorkerStats& stats)
    : context_(context), stats_(stats), request_(thread_request()) {
  // memcached's -B, where -S means binary and -Y text unless -B said otherwise.
  const Settings& s = context.settings;
  text_auth_ = !s.auth_file.empty();
  if (s.protocol == "binary" || (s.protocol == "auto" && s.sasl)) {
    protocol_ = common::Protocol::kBinary;
    protocol_known_ = true;
  } else if (s.protocol == "ascii" || (s.protocol == "auto" && text_auth_)) {
    protocol_known_ = true;
  }
}

std::size_t NodeSession::on_input(std::string_view in, std::string& out, bool& close) {
  // `out` may already hold unsent replies: bound only what this call appends.
  const std::size_t out_at_entry = out.size();
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
    if (!protocol_known_) {
      protocol_ = common::detect_protocol(in.substr(pos));
      protocol_known_ = true;
    }
    std::size_t mark = out.size();
    Step step = protocol_ == common::Protocol::kBinary ? binary_step(in.substr(pos), out)
                                                       : text_step(in.substr(pos), out);
    if (step.need_more) break;
    pos += step.consumed;
    if (out.size() > mark) stats_.bytes_written.add(out.size() - mark);
    if (step.close) {
      close = true;
      break;
    }
    // Gets of big values: hand the replies over before answering more, so a client that
    // pipelines without reading cannot grow them (common/net/session.h, "Output bounds").
    if (out.size() - out_at_entry > common::kSoftOutputLimit) break;
  }
  return pos;
}

NodeSession::Step NodeSession::text_step(std::string_view in, std::string& out) {
  if (text_auth_ && !authenticated_) return text_auth_step(in, out);
  common::ParseResult res = common::parse_text_request(in, request_, context_.parser_limits);
  if (res.status == ParseStatus::kNeedMore) return {0, true, false};
  stats_.bytes_read.add(res.consumed);  // before running it: `stats` counts itself
  swallow_ = res.swallow;
  bool keep_open = true;
  if (res.status == ParseStatus::kBad) {
    if (!res.error.empty()) append_line(out, res.error);
    keep_open = !res.close;
  } else {
    keep_open = execute(out);
  }
  return {res.consumed, false, !keep_open};
}

NodeSession::Step NodeSession::text_auth_step(std::string_view in, std::string& out) {
  TextAuthResult res = parse_text_auth(in, context_.passwords);
  if (res.status == ParseStatus::kNeedMore) return {0, true, false};
  stats_.bytes_read.add(res.consumed);  // before running it: `stats` counts itself
  if (res.attempted) {
    stats_.auth_cmds.add();
    if (!res.authenticated) stats_.auth_errors.add();
  }
  authenticated_ = res.authenticated;
  if (!res.reply.empty()) append_line(out, res.reply);
  return {res.consumed, false, res.close};
}

NodeSession::Step NodeSession::binary_step(std::string_view in, std::string& out) {
  common::ParseResult res = common::parse_binary_request(in, request_, context_.parser_limits);
  if (res.status == ParseStatus::kNeedMore) return {0, true, false};
  stats_.bytes_read.add(res.consumed);  // before running it: `stats` counts itself
  swallow_ = res.swallow;
  // memcached checks -S once the packet is framed (bad magic and lengths that disagree
  // come first) and before anything else, closing on a refusal.
  const bool framing_error = res.status == ParseStatus::kBad && res.close &&
                             res.binary_status != uint16_t(BinaryStatus::kInvalidArguments);
  if (context_.settings.sasl && !framing_error && !sasl_.authenticated() &&
      !binary_allowed_unauthenticated(request_.opcode)) {
    common::binary::append_error(out, request_.opcode, request_.opaque,
                                 BinaryStatus::kAuthError);
    return {res.consumed, false, true};
  }
  if (res.status == ParseStatus::kBad) {
    write_binary_parse_error(request_, res, out);
    return {res.consumed, false, res.close};
  }
  ExecEnv env{context_, stats_};
  const bool keep_open = exec_binary(env, request_, sasl_, out);
  return {res.consumed, false, !keep_open};
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
    case Command::kMetaGet: case Command::kMetaSet: case Command::kMetaDelete:
    case Command::kMetaArithmetic: case Command::kMetaNoop: case Command::kMetaDebug:
      exec_meta(env, req, out);
      return true;
    default:
      // Binary requests never come out of the text parser.
      append_line(out, "ERROR");
      return true;
  }
}

}  // namespace ringcache::node
