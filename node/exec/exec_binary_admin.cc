// Binary flush, stat and SASL (proto_bin.c's process_bin_flush, process_bin_stat,
// bin_list_sasl_mechs and process_bin_complete_sasl_auth).
#include <string>

#include "node/exec/exec_binary.h"
#include "node/exec/stats_report.h"

namespace ringcache::node {

using common::Command;
using common::binary::Status;

namespace {

// Sends "STAT <name> <value>\r\n" lines as one packet each (key = name, value = value).
void send_stat_lines(std::string_view text, BinaryReply& reply) {
  constexpr std::string_view kPrefix = "STAT ";
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.substr(0, kPrefix.size()) != kPrefix) continue;  // END
    line.remove_prefix(kPrefix.size());
    const std::size_t space = line.find(' ');
    const std::string_view name = line.substr(0, space);
    const std::string_view value =
        space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
    reply.packet(Status::kSuccess, 0, {}, name, value);
  }
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Runs a text `stats <arg>` for its side effect (reset, detail on/off) or its text.
std::string run_text_stats(ExecEnv& env, std::string_view arg) {
  common::Request text;
  text.command = Command::kStats;
  text.arg = arg;
  std::string out;
  exec_stats(env, text, out);
  return out;
}

// The groups memcached's get_stats knows by exact name. False if `group` is none of them.
bool group_stats(NodeContext& ctx, std::string_view group, std::string& text) {
  if (group == "items") {
    append_items_stats(ctx, text);
  } else if (group == "slabs") {
    append_slabs_stats(ctx, text);
  } else if (group == "sizes") {
    text.append("STAT sizes_status disabled\r\n");
  } else {
    return false;
  }
  return true;
}

}  // namespace

void exec_binary_flush(ExecEnv& env, const common::Request& req, BinaryReply& reply) {
  if (!env.context.settings.flush_enabled) {
    reply.error(Status::kAuthError);  // memcached's answer to a flush refused by -F
    return;
  }
  std::string ignored;
  exec_flush_all(env, req, ignored);
  reply.success();
}

// memcached matches "reset", "settings" and "detail" as prefixes of the key and the
// other groups exactly; "conns" and "cachedump" are text-only.
void exec_binary_stat(ExecEnv& env, const common::Request& req, BinaryReply& reply) {
  const std::string_view group = req.arg;
  NodeContext& ctx = env.context;
  std::string text;
  if (group.empty()) {
    append_general_stats(ctx, text);
  } else if (starts_with(group, "reset")) {
    run_text_stats(env, "reset");
  } else if (starts_with(group, "settings")) {
    append_settings_stats(ctx, text);
  } else if (starts_with(group, "detail")) {
    const std::string_view mode = group.substr(6);
    if (starts_with(mode, " dump")) {
      reply.packet(Status::kSuccess, 0, {}, "detailed", run_text_stats(env, "detail dump"));
    } else if (starts_with(mode, " on") || starts_with(mode, " off")) {
      run_text_stats(env, starts_with(mode, " on") ? "detail on" : "detail off");
    } else {
      reply.error(Status::kKeyNotFound);
      return;
    }
  } else if (!group_stats(ctx, group, text)) {
    reply.error(Status::kKeyNotFound);
    return;
  }
  send_stat_lines(text, reply);
  reply.packet(Status::kSuccess, 0, {}, {}, {});  // the empty packet that ends the list
}

void exec_binary_sasl(ExecEnv& env, const common::Request& req, SaslSession& sasl,
                      BinaryReply& reply) {
  if (!env.context.settings.sasl) {
    reply.error(Status::kUnknownCommand);
    return;
  }
  if (req.command == Command::kSaslListMechs) {
    sasl.list_mechanisms();
    reply.success(0, {}, {}, kSaslMechanisms);
    return;
  }
  if (req.key.size() > common::binary::kMaxSaslMechLength) {
    reply.error(Status::kInvalidArguments);
    return;
  }
  if (req.too_large) {
    reply.error(Status::kOutOfMemory);  // memcached could not allocate the buffer
    return;
  }
  const PasswordFile* passwords = env.context.passwords;
  const SaslSession::Outcome outcome = req.command == Command::kSaslAuth
                                           ? sasl.start(req.key, req.value, passwords)
                                           : sasl.step(req.value, passwords);
  switch (outcome) {
    case SaslSession::Outcome::kOk:
      env.stats.auth_cmds.add();
      reply.success(0, {}, {}, "Authenticated");
      return;
    case SaslSession::Outcome::kContinue:
      reply.packet(Status::kAuthContinue, 0, {}, {}, {});
      return;
    case SaslSession::Outcome::kFail:
      env.stats.auth_cmds.add();
      env.stats.auth_errors.add();
      reply.error(Status::kAuthError);
      return;
  }
}

}  // namespace ringcache::node
