// Binary protocol dispatch (memcached's dispatch_bin_command, after the parser's checks).
#include "node/exec/exec_binary.h"

#include "common/protocol/binary_writer.h"
#include "node/exec/version.h"

namespace ringcache::node {

using common::Command;
using common::binary::Opcode;
using common::binary::Status;

void BinaryReply::success(uint64_t cas, std::string_view extras, std::string_view key,
                          std::string_view value) {
  if (req_.noreply) return;
  packet(Status::kSuccess, cas, extras, key, value);
}

void BinaryReply::error(Status status) {
  common::binary::append_error(out_, req_.opcode, req_.opaque, status);
}

void BinaryReply::packet(Status status, uint64_t cas, std::string_view extras,
                         std::string_view key, std::string_view value) {
  common::binary::append_response(out_, {req_.opcode, status, req_.opaque, cas}, extras, key,
                                  value);
}

bool exec_binary(ExecEnv& env, const common::Request& req, SaslSession& sasl,
                 std::string& out) {
  BinaryReply reply(req, out);
  switch (req.command) {
    case Command::kGet: case Command::kGat: case Command::kTouch:
      exec_binary_get(env, req, reply);
      return true;
    case Command::kSet: case Command::kAdd: case Command::kReplace:
    case Command::kAppend: case Command::kPrepend:
      exec_binary_store(env, req, reply);
      return true;
    case Command::kDelete: exec_binary_delete(env, req, reply); return true;
    case Command::kIncr: case Command::kDecr: exec_binary_arith(env, req, reply); return true;
    case Command::kFlushAll: exec_binary_flush(env, req, reply); return true;
    case Command::kStats: exec_binary_stat(env, req, reply); return true;
    case Command::kNoop:
      // A noop is how a client ends a run of quiet requests: always answered.
      reply.packet(Status::kSuccess, 0, {}, {}, {});
      return true;
    case Command::kVersion: reply.success(0, {}, {}, kVersion); return true;
    case Command::kQuit:
      reply.success();  // quitq closes without a word
      return false;
    case Command::kSaslListMechs: case Command::kSaslAuth: case Command::kSaslStep:
      exec_binary_sasl(env, req, sasl, reply);
      return true;
    default:
      reply.error(Status::kUnknownCommand);
      return true;
  }
}

void write_binary_parse_error(const common::Request& req, const common::ParseResult& res,
                              std::string& out) {
  if (res.binary_status == 0) return;
  common::binary::append_error(out, req.opcode, req.opaque, static_cast<Status>(res.binary_status));
}

bool binary_allowed_unauthenticated(uint8_t opcode) {
  switch (static_cast<Opcode>(opcode)) {
    case Opcode::kSaslListMechs: case Opcode::kSaslAuth: case Opcode::kSaslStep:
    case Opcode::kVersion:
      return true;
    default:
      return false;
  }
}

}  // namespace ringcache::node
