#include "common/config/access_json.h"

#include <algorithm>
#include <map>

namespace ringcache::common {
namespace {

// memcached keys: printable, no spaces or control characters.
bool valid_prefix(std::string_view p) {
  return !p.empty() && p.size() <= kMaxKeyPrefixLength &&
         std::all_of(p.begin(), p.end(), [](char c) { return static_cast<unsigned char>(c) > ' ' && c != 127; });
}

bool valid_user_name(std::string_view n) {
  return !n.empty() && n.size() <= kMaxUserNameLength &&
         std::all_of(n.begin(), n.end(), [](char c) { return c > ' ' && c < 127 && c != ':'; });
}

// crypt(3) output: "$id$...", printable without spaces (a hash libxcrypt cannot use matches
// no password).
bool looks_like_crypt_hash(std::string_view h) {
  return h.size() >= 4 && h[0] == '$' && std::count(h.begin(), h.end(), '$') >= 3 &&
         std::all_of(h.begin(), h.end(), [](char c) { return c > ' ' && c < 127 && c != ':'; });
}

void read_role(JsonReader& r, const Json& j, const std::string& path, Role& role) {
  r.choice(j, path, "role",
           {{"read-only", Role::kReadOnly}, {"read-write", Role::kReadWrite}, {"admin", Role::kAdmin}},
           role);
}

// "scope": ["page:", "fragment:"]
void read_scope(JsonReader& r, const Json& j, const std::string& path, KeyScope& scope) {
  const Json* list = r.array(j, path, "scope", false);
  if (list == nullptr) return;
  const std::string scope_path = JsonReader::field(path, "scope");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& p = (*list)[i];
    if (!p.is_string() || !valid_prefix(p.get_ref<const std::string&>())) {
      r.fail(JsonReader::index(scope_path, i),
             "expected a key prefix (1.." + std::to_string(kMaxKeyPrefixLength) +
                 " characters, no spaces or control characters)");
      continue;
    }
    scope.push_back(p.get<std::string>());
  }
}

void read_rule(JsonReader& r, const Json& j, const std::string& path, std::vector<AccessRule>& out) {
  if (!r.object(j, path, {"cidr", "role", "scope"})) return;
  AccessRule rule;
  const Json* cidr = JsonReader::find(j, "cidr");
  const Json* role = JsonReader::find(j, "role");
  bool ok = cidr != nullptr && role != nullptr;
  for (const char* key : {"cidr", "role"}) {
    if (JsonReader::find(j, key) == nullptr) r.fail(JsonReader::field(path, key), "required");
  }
  if (cidr != nullptr) {
    std::string error = "expected a string";
    std::optional<Cidr> c;
    if (cidr->is_string()) c = parse_cidr(cidr->get_ref<const std::string&>(), error);
    if (c) {
      rule.cidr = std::move(*c);
    } else {
      r.fail(JsonReader::field(path, "cidr"), error);
      ok = false;
    }
  }
  read_role(r, j, path, rule.role);
  read_scope(r, j, path, rule.scope);
  if (ok) out.push_back(std::move(rule));
}

}  // namespace

void read_listener_access(JsonReader& r, const Json& j, const std::string& path,
                          ListenerConfig& listener) {
  if (const Json* rules = r.array(j, path, "rules", false)) {
    const std::string rules_path = JsonReader::field(path, "rules");
    for (std::size_t i = 0; i < rules->size(); ++i) {
      read_rule(r, (*rules)[i], JsonReader::index(rules_path, i), listener.rules);
    }
  }
  read_scope(r, j, path, listener.scope);
  r.choice(j, path, "auth",
           {{"none", AuthMode::kNone}, {"optional", AuthMode::kOptional},
            {"required", AuthMode::kRequired}},
           listener.auth);
}

std::vector<AccessUser> read_users(JsonReader& r, const Json& root) {
  std::vector<AccessUser> users;
  const Json* list = r.array(root, "", "users", false);
  if (list == nullptr) return users;
  std::map<std::string, std::size_t> names;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = JsonReader::index("users", i);
    const Json& j = (*list)[i];
    if (!r.object(j, path, {"name", "password_hash", "role", "scope"})) continue;
    AccessUser u;
    for (const char* key : {"name", "password_hash", "role"}) {
      if (JsonReader::find(j, key) == nullptr) r.fail(JsonReader::field(path, key), "required");
    }
    r.string(j, path, "name", u.name);
    r.string(j, path, "password_hash", u.password_hash);
    read_role(r, j, path, u.role);
    read_scope(r, j, path, u.scope);
    if (!u.name.empty() && !valid_user_name(u.name)) {
      r.fail(JsonReader::field(path, "name"),
             "expected 1.." + std::to_string(kMaxUserNameLength) +
                 " printable characters without spaces or ':'");
    } else if (const auto [it, fresh] = names.emplace(u.name, i); !u.name.empty() && !fresh) {
      r.fail(JsonReader::field(path, "name"), "duplicate user \"" + u.name + "\" (also users[" +
                                                  std::to_string(it->second) + "])");
    }
    // The message never repeats the value: it may be a password pasted by mistake.
    if (!u.password_hash.empty() && !looks_like_crypt_hash(u.password_hash)) {
      r.fail(JsonReader::field(path, "password_hash"),
             "expected a crypt(3) hash such as \"$y$...\" (ringcache-proxy --hash-password)");
    }
    users.push_back(std::move(u));
  }
  return users;
}

void check_access(JsonReader& r, const ClusterConfig& config) {
  for (std::size_t i = 0; i < config.listeners.size(); ++i) {
    if (config.listeners[i].auth == AuthMode::kNone || !config.users.empty()) continue;
    r.fail(JsonReader::field(JsonReader::index("listeners", i), "auth"),
           "\"" + std::string(to_string(config.listeners[i].auth)) +
               "\" needs at least one entry in \"users\"");
  }
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kReadOnly:
      return "read-only";
    case Role::kReadWrite:
      return "read-write";
    case Role::kAdmin:
      return "admin";
  }
  return "?";
}

std::string_view to_string(AuthMode mode) {
  switch (mode) {
    case AuthMode::kNone:
      return "none";
    case AuthMode::kOptional:
      return "optional";
    case AuthMode::kRequired:
      return "required";
  }
  return "?";
}

}  // namespace ringcache::common
