#include "proxy/access/policy.h"

#include <algorithm>

namespace ringcache::proxy::access {

using common::Command;

namespace {

bool mutating_meta_get(const common::MetaFlags& flags) {
  return std::any_of(kMutatingMetaGetFlags.begin(), kMutatingMetaGetFlags.end(),
                     [&](char f) { return flags.has(f); });
}

}  // namespace

Role required_role(const common::Request& req) {
  switch (req.command) {
    case Command::kGet:
    case Command::kGets:
    case Command::kMetaDebug:
    case Command::kMetaNoop:
    case Command::kVersion:
    case Command::kQuit:
    case Command::kNoop:
    case Command::kNone:
      return Role::kReadOnly;
    case Command::kStats:
      return req.arg == "reset" ? Role::kAdmin : Role::kReadOnly;
    case Command::kMetaGet:
      return mutating_meta_get(req.meta) ? Role::kReadWrite : Role::kReadOnly;
    case Command::kGat:
    case Command::kGats:
    case Command::kSet:
    case Command::kAdd:
    case Command::kReplace:
    case Command::kAppend:
    case Command::kPrepend:
    case Command::kCas:
    case Command::kDelete:
    case Command::kIncr:
    case Command::kDecr:
    case Command::kTouch:
    case Command::kMetaSet:
    case Command::kMetaDelete:
    case Command::kMetaArithmetic:
      return Role::kReadWrite;
    case Command::kFlushAll:
    case Command::kVerbosity:
    case Command::kShutdown:
    case Command::kSaslListMechs:
    case Command::kSaslAuth:
    case Command::kSaslStep:
      return Role::kAdmin;
  }
  return Role::kAdmin;  // a command added later is refused until it is classified here
}

std::string_view command_name(Command command) {
  static constexpr std::string_view kNames[] = {
      "none",     "get",     "gets",   "gat",    "gats",        "set",
      "add",      "replace", "append", "prepend", "cas",        "delete",
      "incr",     "decr",    "touch",  "flush_all", "version",  "verbosity",
      "stats",    "quit",    "shutdown", "mg",    "ms",         "md",
      "ma",       "mn",      "me",     "noop",   "sasl_list_mechs", "sasl_auth",
      "sasl_step"};
  const auto i = static_cast<std::size_t>(command);
  return i < std::size(kNames) ? kNames[i] : "?";
}

bool in_scope(const common::KeyScope* scope, std::string_view key) {
  if (scope == nullptr || scope->empty()) return true;
  return std::any_of(scope->begin(), scope->end(),
                     [&](const std::string& prefix) { return key.starts_with(prefix); });
}

Verdict check(const common::Request& req, const std::vector<std::string_view>& keys,
              const Grant& grant, std::vector<bool>* allowed) {
  if (!role_allows(grant.role, required_role(req))) return Verdict::kDeny;
  if (grant.scope == nullptr || grant.scope->empty()) return Verdict::kAllow;
  std::size_t in = 0;
  if (allowed != nullptr) allowed->assign(keys.size(), false);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!in_scope(grant.scope, keys[i])) continue;
    ++in;
    if (allowed != nullptr) (*allowed)[i] = true;
  }
  if (in == keys.size()) return Verdict::kAllow;
  // Only a retrieval of several keys can answer part of them (the rest as misses).
  const bool multi = req.command == Command::kGet || req.command == Command::kGets ||
                     req.command == Command::kGat || req.command == Command::kGats;
  return multi && in > 0 && allowed != nullptr ? Verdict::kTrimmed : Verdict::kDeny;
}

}  // namespace ringcache::proxy::access
