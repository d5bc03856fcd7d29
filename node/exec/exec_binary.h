// The binary protocol's commands, as memcached 1.6's proto_bin.c answers them: one
// function per family, each appending whole response packets. Quiet opcodes
// (Request::noreply) drop successful replies (and misses of the quiet gets); errors are
// always sent.
#pragma once

#include <string>
#include <string_view>

#include "common/protocol/binary_format.h"
#include "common/protocol/parse_result.h"
#include "common/protocol/request.h"
#include "node/auth/sasl_session.h"
#include "node/exec/commands.h"

namespace ringcache::node {

/// Runs one binary request. Returns false when the connection must close once `out` is
/// sent (quit).
bool exec_binary(ExecEnv& env, const common::Request& req, SaslSession& sasl,
                 std::string& out);

/// The error packet for a kBad of the binary parser (nothing for a bad magic byte).
void write_binary_parse_error(const common::Request& req, const common::ParseResult& res,
                              std::string& out);

/// With -S, whether `opcode` may run before the connection authenticates (memcached:
/// SASL list/auth/step and version).
bool binary_allowed_unauthenticated(uint8_t opcode);

/// Builds the reply packets of one binary request.
class BinaryReply {
 public:
  BinaryReply(const common::Request& req, std::string& out) : req_(req), out_(out) {}
  /// A successful reply; dropped for quiet opcodes.
  void success(uint64_t cas = 0, std::string_view extras = {}, std::string_view key = {},
               std::string_view value = {});
  /// An error reply with memcached's text; always sent.
  void error(common::binary::Status status);
  /// Any packet, always sent.
  void packet(common::binary::Status status, uint64_t cas, std::string_view extras,
              std::string_view key, std::string_view value);

 private:
  const common::Request& req_;
  std::string& out_;
};

// Families (exec_binary_keys.cc, exec_binary_admin.cc).
void exec_binary_get(ExecEnv& env, const common::Request& req, BinaryReply& reply);
void exec_binary_store(ExecEnv& env, const common::Request& req, BinaryReply& reply);
void exec_binary_delete(ExecEnv& env, const common::Request& req, BinaryReply& reply);
void exec_binary_arith(ExecEnv& env, const common::Request& req, BinaryReply& reply);
void exec_binary_flush(ExecEnv& env, const common::Request& req, BinaryReply& reply);
void exec_binary_stat(ExecEnv& env, const common::Request& req, BinaryReply& reply);
void exec_binary_sasl(ExecEnv& env, const common::Request& req, SaslSession& sasl,
                      BinaryReply& reply);

}  // namespace ringcache::node
