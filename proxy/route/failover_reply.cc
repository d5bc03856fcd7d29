#include "proxy/route/failover_reply.h"

#include "common/protocol/text_writer.h"

namespace ringcache::proxy {
namespace {

using common::Command;
using common::ReplyCode;

bool is_meta_write(Command c) { return c == Command::kMetaSet; }

// memcached echoes O(opaque) and k(key, followed by b for a base64 key) on meta misses.
void append_meta_echo(const common::Request& req, std::string& out) {
  std::string_view line = req.raw.substr(0, req.raw.find('\n'));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Positional tokens: the command and key, and for ms the data length.
  int skip = req.command == Command::kMetaSet ? 3 : 2;
  const bool base64 = req.meta.has('b');
  while (!line.empty()) {
    const auto start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    line.remove_prefix(start);
    const auto end = line.find(' ');
    std::string_view token = line.substr(0, end);
    line = end == std::string_view::npos ? std::string_view{} : line.substr(end);
    if (skip > 0) {
      --skip;
      continue;
    }
    if (token[0] == 'O') {
      out.push_back(' ');
      out.append(token);
    } else if (token[0] == 'k') {
      out.append(" k").append(req.key);
      if (base64) out.append(" b");
    }
  }
}

void append_meta_failover(const common::Request& req, common::WriteFailoverReply mode,
                          std::string& out) {
  std::string_view code;
  ReplyCode reply = ReplyCode::kMetaEn;
  switch (req.command) {
    case Command::kMetaGet:
      code = "EN";
      reply = ReplyCode::kMetaEn;
      break;
    case Command::kMetaSet:
      code = "NS";
      reply = ReplyCode::kMetaNs;
      break;
    case Command::kMetaDelete:
    case Command::kMetaArithmetic:
      code = "NF";
      reply = ReplyCode::kMetaNf;
      break;
    default:  // me: memcached answers a miss with a bare EN
      out.append("EN\r\n");
      return;
  }
  if (req.meta.has('q') && quiet_hides(req.command, reply)) return;
  if (is_meta_write(req.command) && mode == common::WriteFailoverReply::kServerError) {
    out.append(kWriteFailoverError);
    return;
  }
  out.append(code);
  append_meta_echo(req, out);
  out.append("\r\n");
}

}  // namespace

void append_failover_reply(const common::Request& req, common::WriteFailoverReply mode,
                           std::string& out) {
  namespace text = common::text;
  switch (req.command) {
    case Command::kGet:
    case Command::kGets:
    case Command::kGat:
    case Command::kGats:
      out.append(text::kEnd);
      return;
    case Command::kSet:
    case Command::kAdd:
    case Command::kReplace:
    case Command::kAppend:
    case Command::kPrepend:
    case Command::kCas:
      out.append(mode == common::WriteFailoverReply::kServerError ? kWriteFailoverError
                                                                  : text::kNotStored);
      return;
    case Command::kDelete:
    case Command::kIncr:
    case Command::kDecr:
    case Command::kTouch:
      out.append(text::kNotFound);
      return;
    default:
      append_meta_failover(req, mode, out);
      return;
  }
}

bool quiet_hides(Command command, ReplyCode code) {
  switch (command) {
    case Command::kMetaGet:
      return code == ReplyCode::kMetaEn;
    case Command::kMetaSet:
    case Command::kMetaDelete:
      return code == ReplyCode::kMetaHd;
    case Command::kMetaArithmetic:
      return code == ReplyCode::kMetaHd || code == ReplyCode::kMetaVa;
    default:
      return false;
  }
}

}  // namespace ringcache::proxy
