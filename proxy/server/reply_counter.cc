#include "proxy/server/reply_counter.h"

#include <algorithm>

namespace ringcache::proxy {
namespace {

using common::Command;
using common::ReplyCode;

ReplyCode code_of(const common::Response* reply) {
  return reply == nullptr ? ReplyCode::kNone : reply->code;
}

void count_hit(WorkerCounters& c, bool hit, Stat hits, Stat misses) {
  c[hit ? hits : misses].add();
}

void count_storage(WorkerCounters& c, Command command, ReplyCode code) {
  c[Stat::kCmdSet].add();
  if (command != Command::kCas) return;
  if (code == ReplyCode::kStored) {
    c[Stat::kCasHits].add();
  } else if (code == ReplyCode::kExists) {
    c[Stat::kCasBadval].add();
  } else {
    c[Stat::kCasMisses].add();
  }
}

void count_meta(WorkerCounters& c, Command command, ReplyCode code) {
  const bool hit = code == ReplyCode::kMetaHd || code == ReplyCode::kMetaVa;
  switch (command) {
    case Command::kMetaGet:
      c[Stat::kCmdGet].add();
      count_hit(c, hit, Stat::kGetHits, Stat::kGetMisses);
      return;
    case Command::kMetaSet:
      c[Stat::kCmdSet].add();
      return;
    case Command::kMetaDelete:
      count_hit(c, hit, Stat::kDeleteHits, Stat::kDeleteMisses);
      return;
    case Command::kMetaArithmetic:
      count_hit(c, hit, Stat::kIncrHits, Stat::kIncrMisses);
      return;
    default:
      return;
  }
}

}  // namespace

void count_retrieval(WorkerCounters& c, Command command, uint64_t keys, uint64_t hits) {
  c[Stat::kCmdGet].add(keys);
  c[Stat::kGetHits].add(hits);
  c[Stat::kGetMisses].add(keys - hits);
  if (command == Command::kGat || command == Command::kGats) {
    c[Stat::kCmdTouch].add(keys);
    c[Stat::kTouchHits].add(hits);
    c[Stat::kTouchMisses].add(keys - hits);
  }
}

void count_reply(WorkerCounters& c, Command command, uint32_t keys, const common::Response* reply) {
  const ReplyCode code = code_of(reply);
  switch (command) {
    case Command::kGet:
    case Command::kGets:
    case Command::kGat:
    case Command::kGats: {
      uint64_t hits = reply == nullptr ? 0 : std::min<uint64_t>(keys, reply->items.size());
      count_retrieval(c, command, keys, hits);
      return;
    }
    case Command::kSet:
    case Command::kAdd:
    case Command::kReplace:
    case Command::kAppend:
    case Command::kPrepend:
    case Command::kCas:
      count_storage(c, command, code);
      return;
    case Command::kDelete:
      count_hit(c, code == ReplyCode::kDeleted, Stat::kDeleteHits, Stat::kDeleteMisses);
      return;
    case Command::kIncr:
      count_hit(c, code == ReplyCode::kNumber, Stat::kIncrHits, Stat::kIncrMisses);
      return;
    case Command::kDecr:
      count_hit(c, code == ReplyCode::kNumber, Stat::kDecrHits, Stat::kDecrMisses);
      return;
    case Command::kTouch:
      c[Stat::kCmdTouch].add();
      count_hit(c, code == ReplyCode::kTouched, Stat::kTouchHits, Stat::kTouchMisses);
      return;
    default:
      count_meta(c, command, code);
      return;
  }
}

}  // namespace ringcache::proxy
