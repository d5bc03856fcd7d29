#include "proxy/access/access_guard.h"

#include "proxy/access/password_hash.h"
#include "proxy/route/meta_key.h"

namespace ringcache::proxy::access {

using common::Command;

AccessGuard::AccessGuard(AccessCounters& counters, std::size_t listener, std::string_view peer)
    : counters_(counters), peer_(peer) {
  who_.listener = listener;
  who_.peer = common::parse_peer_ip(peer);
}

const Resolved& AccessGuard::current(const common::ClusterConfig& config, uint64_t generation) {
  if (generation_ != generation || config_ != &config || generation == 0) {
    resolved_ = resolve(config, who_);
    if (resolved_.user_gone) {  // removed by a reload: the credentials no longer count
      who_.user.clear();
      resolved_ = resolve(config, who_);
    }
    generation_ = generation;
    config_ = &config;
  }
  return resolved_;
}

bool AccessGuard::awaiting_auth(const common::ClusterConfig& config, uint64_t generation) {
  return current(config, generation).needs_auth;
}

bool AccessGuard::verify(const common::ClusterConfig& config, const Credentials& c) {
  const common::AccessUser* user = config.find_user(c.user);
  bool ok = false;
  if (user == nullptr) {
    verify_nothing(c.password);
  } else {
    ok = verify_password(c.password, user->password_hash);
  }
  counters_.auth_attempt(ok, who_.listener, peer_);
  if (ok) {
    who_.user = user->name;
    generation_ = 0;  // resolve again with the user
  }
  return ok;
}

AuthRequest AccessGuard::authenticate(const common::ClusterConfig& config, std::string_view in) {
  first_command_ = false;
  AuthRequest r = parse_auth_request(in);
  if (r.credentials) {
    r.reply = verify(config, *r.credentials) ? kStored : kAuthFailure;
    r.credentials.reset();  // they point into `in`
  }
  return r;
}

// Listener "auth": "optional": a first `set` whose data block is exactly "<user> <password>"
// authenticates. Any other first command, and every later one, is an ordinary request.
std::optional<AccessGuard::Outcome> AccessGuard::optional_auth(const common::ClusterConfig& config,
                                                               const common::Request& req) {
  const bool first = first_command_;
  first_command_ = false;
  const auto& listeners = config.listeners;
  if (!first || who_.listener >= listeners.size() ||
      listeners[who_.listener].auth != common::AuthMode::kOptional ||
      req.command != Command::kSet || req.protocol != common::Protocol::kText || req.too_large) {
    return std::nullopt;
  }
  const auto c = split_credentials(req.value);
  if (!c) return std::nullopt;
  const std::size_t used = static_cast<std::size_t>(c->password.end() - req.value.begin());
  if (req.value.find_first_not_of(' ', used) != std::string_view::npos) return std::nullopt;
  const bool ok = verify(config, *c);
  if (req.noreply) return Outcome{Action::kReply, {}};
  return Outcome{Action::kReply, ok ? kStored : kAuthFailure};
}

void AccessGuard::collect_keys(const common::Request& req) {
  keys_.clear();
  if (!req.keys.empty()) {
    keys_.assign(req.keys.begin(), req.keys.end());
  } else if (!req.key.empty()) {
    const auto key = routing_key(req, key_buf_);
    keys_.push_back(key ? *key : req.key);  // a bad base64 key is refused later, if allowed
  }
}

AccessGuard::Outcome AccessGuard::deny(const common::Request& req, Role role) {
  counters_.denied(who_.listener, role, peer_, command_name(req.command));
  return Outcome{Action::kReply, req.noreply ? std::string_view{} : kAccessDenied};
}

AccessGuard::Outcome AccessGuard::check(const common::ClusterConfig& config, uint64_t generation,
                                        common::Request& req) {
  if (auto answered = optional_auth(config, req)) return *answered;
  const Grant grant = current(config, generation).grant;
  collect_keys(req);
  switch (access::check(req, keys_, grant, &allowed_)) {
    case Verdict::kAllow:
      return Outcome{};
    case Verdict::kDeny:
      return deny(req, grant.role);
    case Verdict::kTrimmed:
      break;
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < req.keys.size(); ++i) {
    if (allowed_[i]) req.keys[out++] = req.keys[i];
  }
  req.keys.resize(out);
  req.key = req.keys.front();
  counters_.denied(who_.listener, grant.role, peer_, "part of a multi-key get");
  return Outcome{Action::kRunTrimmed, {}};
}

}  // namespace ringcache::proxy::access
