#include "proxy/access/grant.h"

namespace ringcache::proxy::access {

Resolved resolve(const common::ClusterConfig& config, const Identity& who) {
  Resolved r;
  if (who.listener >= config.listeners.size()) {  // never for a live session; stay safe
    r.grant = Grant{Role::kReadOnly, nullptr};
    r.needs_auth = true;
    return r;
  }
  const common::ListenerConfig& l = config.listeners[who.listener];
  if (!who.user.empty()) {
    if (const common::AccessUser* u = config.find_user(who.user)) {
      r.grant = Grant{u->role, &u->scope};
      return r;
    }
    r.user_gone = true;
  }
  r.needs_auth = l.auth == common::AuthMode::kRequired;
  if (who.peer) {
    for (const common::AccessRule& rule : l.rules) {
      if (rule.cidr.contains(*who.peer)) {
        r.grant = Grant{rule.role, &rule.scope};
        return r;
      }
    }
  }
  r.grant = Grant{l.role, &l.scope};
  return r;
}

}  // namespace ringcache::proxy::access
