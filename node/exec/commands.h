// The text commands, one function per command family, shared by NodeSession's dispatch.
// Each appends its full reply to `out`; the caller drops it again for noreply.
#pragma once

#include <string>

#include "common/protocol/request.h"
#include "node/exec/node_context.h"
#include "node/exec/stats.h"

namespace ringcache::node {

/// What one command needs besides the request: the shared context and this worker's counters.
struct ExecEnv {
  NodeContext& context;
  WorkerStats& stats;
};

/// get gets gat gats: one VALUE block per hit, then END.
void exec_retrieval(ExecEnv& env, const common::Request& req, std::string& out);
/// set add replace append prepend cas, including a value the parser refused as too large.
void exec_storage(ExecEnv& env, const common::Request& req, std::string& out);
/// incr decr.
void exec_arith(ExecEnv& env, const common::Request& req, std::string& out);
/// delete.
void exec_delete(ExecEnv& env, const common::Request& req, std::string& out);
/// touch.
void exec_touch(ExecEnv& env, const common::Request& req, std::string& out);
/// flush_all [delay].
void exec_flush_all(ExecEnv& env, const common::Request& req, std::string& out);
/// verbosity N.
void exec_verbosity(ExecEnv& env, const common::Request& req, std::string& out);
/// version.
void exec_version(std::string& out);
/// shutdown [graceful]: returns true when the connection must close (shutdown accepted).
bool exec_shutdown(ExecEnv& env, const common::Request& req, std::string& out);
/// stats [group ...].
void exec_stats(ExecEnv& env, const common::Request& req, std::string& out);

}  // namespace ringcache::node
