// The meta protocol commands (mg ms md ma mn me), as memcached 1.6.18 answers them.
// Each appends its full reply to `out`, or nothing where flag q hides it.
#pragma once

#include <string>

#include "common/protocol/request.h"
#include "node/exec/commands.h"

namespace ringcache::node {

/// Any kMeta* request: routes to the functions below.
void exec_meta(ExecEnv& env, const common::Request& req, std::string& out);

/// mg: get, touch (T), vivify (N), recache (R), stale/win flags.
void exec_meta_get(ExecEnv& env, const common::Request& req, std::string& out);
/// ms: set in every mode (M), compare (C), invalidate (I).
void exec_meta_set(ExecEnv& env, const common::Request& req, std::string& out);
/// md: delete, or invalidate (I) to serve stale.
void exec_meta_delete(ExecEnv& env, const common::Request& req, std::string& out);
/// ma: incr/decr (M), autovivify (N, J).
void exec_meta_arith(ExecEnv& env, const common::Request& req, std::string& out);
/// me: memcached's debug line for one item.
void exec_meta_debug(ExecEnv& env, const common::Request& req, std::string& out);

}  // namespace ringcache::node
