// Binary get/gat/touch, set/add/replace/append/prepend, delete, incr/decr (proto_bin.c's
// process_bin_get_or_touch, complete_update_bin, process_bin_delete, complete_incr_bin).
#include <charconv>
#include <optional>

#include "common/protocol/binary_writer.h"
#include "node/exec/exec_binary.h"

namespace ringcache::node {

using common::Command;
using common::binary::Status;

namespace {

void count_lookup(WorkerStats& stats, bool touch, LookupResult res) {
  const bool hit = res == LookupResult::kHit;
  if (res == LookupResult::kExpired) stats.get_expired.add();
  if (res == LookupResult::kFlushed) stats.get_flushed.add();
  if (touch) {
    stats.cmd_touch.add();
    (hit ? stats.touch_hits : stats.touch_misses).add();
  } else {
    stats.cmd_get.add();
    (hit ? stats.get_hits : stats.get_misses).add();
  }
}

StoreMode mode_of(const common::Request& req) {
  switch (req.command) {
    case Command::kAppend: return StoreMode::kAppend;
    case Command::kPrepend: return StoreMode::kPrepend;
    default: break;
  }
  // memcached turns any set/add/replace that carries a cas into a cas (NREAD_CAS).
  if (req.cas != 0) return StoreMode::kCas;
  if (req.command == Command::kAdd) return StoreMode::kAdd;
  if (req.command == Command::kReplace) return StoreMode::kReplace;
  return StoreMode::kSet;
}

// The item could not be built at all. For set, memcached drops the old value so that
// no reader sees data the client meant to replace.
void refuse(ExecEnv& env, const common::Request& req, bool too_large, BinaryReply& reply) {
  (too_large ? env.stats.store_too_large : env.stats.store_no_memory).add();
  if (req.command == Command::kSet) env.context.cache.remove(req.key);
  reply.error(too_large ? Status::kTooLarge : Status::kOutOfMemory);
}

Status failure_status(StoreMode mode, StoreResult res) {
  if (res == StoreResult::kExists) return Status::kKeyExists;
  if (res == StoreResult::kNotFound) return Status::kKeyNotFound;
  if (mode == StoreMode::kAdd) return Status::kKeyExists;
  if (mode == StoreMode::kReplace) return Status::kKeyNotFound;
  return Status::kNotStored;
}

// incr/decr on a missing key with an expiration other than 0xffffffff: store `initial`.
void create_counter(ExecEnv& env, const common::Request& req, BinaryReply& reply) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, req.initial);
  (void)ec;
  StoreArgs args;
  args.mode = StoreMode::kAdd;
  args.key = req.key;
  args.value = std::string_view(digits, static_cast<std::size_t>(end - digits));
  args.exptime = to_absolute_exptime(req.exptime, env.context.clock.now());
  uint64_t cas = 0;
  const StoreResult res = env.context.cache.store(args, &cas);
  if (res == StoreResult::kStored) {
    char body[8];
    reply.success(cas, {}, {}, common::binary::encode_be64(req.initial, body));
  } else if (res == StoreResult::kNoMemory || res == StoreResult::kTooLarge) {
    reply.error(Status::kOutOfMemory);
  } else {
    reply.error(Status::kNotStored);
  }
}

}  // namespace

void exec_binary_get(ExecEnv& env, const common::Request& req, BinaryReply& reply) {
  const bool touch = req.command != Command::kGet;
  const bool with_value = req.command != Command::kTouch;
  std::optional<int64_t> new_exptime;
  if (touch) new_exptime = to_absolute_exptime(req.exptime, env.context.clock.now());
  const LookupResult res = env.context.cache.get(
      req.key,
      [&](const ItemView& item) {
        char flags[4];
        // Hits of the quiet gets are sent: only their misses are silent.
        reply.packet(Status::kSuccess, item.cas, common::binary::encode_be32(item.flags, flags),
                     req.return_key ? item.key : std::string_view{},
                     with_value ? item.value : std::string_view{});
      },
      new_exptime);
  count_lookup(env.stats, touch, res);
  const bool hit = res == LookupResult::kHit;
  if (env.context.detail_enabled.load(std::memory_order_relaxed)) {
    env.context.prefix_stats.record_get(req.key, hit);
  }
  if (hit || req.noreply) return;
  if (req.return_key) {
    reply.packet(Status::kKeyNotFound, 0, {}, req.key, {});  // the key is the whole body
  } else {
    reply.error(Status::kKeyNotFound);
  }
}

void exec_binary_store(ExecEnv& env, const common::Request& req, BinaryReply& reply) {
  if (env.context.detail_enabled.load(std::memory_order_relaxed)) {
    env.context.prefix_stats.record_set(req.key);
  }
  if (req.too_large) {
    refuse(env, req, true, reply);
    return;
  }
  const StoreMode mode = mode_of(req);
  const bool concat = mode == StoreMode::kAppend || mode == StoreMode::kPrepend;
  StoreArgs args;
  args.mode = mode;
  args.key = req.key;
  args.value = req.value;
  args.flags = concat ? 0 : req.flags;
  args.exptime = concat ? 0 : to_absolute_exptime(req.exptime, env.context.clock.now());
  args.cas = req.cas;
  uint64_t cas = 0;
  const StoreResult res = env.context.cache.store(args, &cas);
  if (res == StoreResult::kTooLarge || res == StoreResult::kNoMemory) {
    refuse(env, req, res == StoreResult::kTooLarge, reply);
    return;
  }
  env.stats.cmd_set.add();
  if (mode == StoreMode::kCas) {
    if (res == StoreResult::kStored) env.stats.cas_hits.add();
    if (res == StoreResult::kExists) env.stats.cas_badval.add();
    if (res == StoreResult::kNotFound) env.stats.cas_misses.add();
  }
  if (res == StoreResult::kStored) {
    reply.success(cas);
  } else {
    reply.error(failure_status(mode, res));
  }
}

void exec_binary_delete(ExecEnv& env, const common::Request& req, BinaryReply& reply) {
  if (env.context.detail_enabled.load(std::memory_order_relaxed)) {
    env.context.prefix_stats.record_delete(req.key);
  }
  switch (env.context.cache.remove(req.key, req.cas)) {
    case DeleteResult::kDeleted:
      env.stats.delete_hits.add();
      reply.success();  // memcached sends cas 0 here
      return;
    case DeleteResult::kExists:
      reply.error(Status::kKeyExists);
      return;
    case DeleteResult::kNotFound:
      env.stats.delete_misses.add();
      reply.error(Status::kKeyNotFound);
      return;
  }
}

void exec_binary_arith(ExecEnv& env, const common::Request& req, BinaryReply& reply) {
  const bool incr = req.command == Command::kIncr;
  uint64_t value = 0;
  uint64_t cas = 0;
  switch (env.context.cache.arith(req.key, incr, req.delta, &value, &cas, req.cas)) {
    case ArithResult::kOk: {
      (incr ? env.stats.incr_hits : env.stats.decr_hits).add();
      char body[8];
      reply.success(cas, {}, {}, common::binary::encode_be64(value, body));
      return;
    }
    case ArithResult::kNotFound:
      if (req.exptime != 0xffffffff) {
        create_counter(env, req, reply);
        return;
      }
      (incr ? env.stats.incr_misses : env.stats.decr_misses).add();
      reply.error(Status::kKeyNotFound);
      return;
    case ArithResult::kNonNumeric: reply.error(Status::kNonNumeric); return;
    case ArithResult::kExists: reply.error(Status::kKeyExists); return;
    case ArithResult::kNoMemory: reply.error(Status::kOutOfMemory); return;
  }
}

}  // namespace ringcache::node
