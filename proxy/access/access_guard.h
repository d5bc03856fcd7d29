// AccessGuard: one client connection's side of the access policy. It remembers who the
// client is (listener, address, user once authenticated) and decides each request against
// the configuration in force, so a reload that changes a client's role applies to its next
// command. The grant is cached per configuration generation.
//
// Denials: "CLIENT_ERROR access denied" (meta q included), none for text noreply; the
// connection stays open; a refused storage command's data block was already consumed by the
// parser. A get/gets/gat/gats with some keys out of scope answers the others and treats the
// rest as misses (no reply line for them), so a client cannot tell whether they exist.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/cluster_config.h"
#include "common/protocol/request.h"
#include "proxy/access/access_counters.h"
#include "proxy/access/grant.h"
#include "proxy/access/text_auth.h"

namespace ringcache::proxy::access {

inline constexpr std::string_view kAccessDenied = "CLIENT_ERROR access denied\r\n";
inline constexpr std::string_view kStored = "STORED\r\n";

class AccessGuard {
 public:
  AccessGuard(AccessCounters& counters, std::size_t listener, std::string_view peer);

  /// True while the listener requires authentication and this connection has none:
  /// then every request goes through authenticate() instead of the parser.
  bool awaiting_auth(const common::ClusterConfig& config, uint64_t generation);

  /// Handles one request at the front of `in` while awaiting_auth() (memcached -Y).
  AuthRequest authenticate(const common::ClusterConfig& config, std::string_view in);

  enum class Action : uint8_t {
    kRun,         // route the request as it is
    kRunTrimmed,  // route it with the keys left in req.keys (some were out of scope)
    kReply,       // answer `reply` (empty: nothing, for noreply) and route nothing
  };
  struct Outcome {
    Action action = Action::kRun;
    std::string_view reply;
  };

  /// Decides a parsed request. kRunTrimmed has removed the out-of-scope keys from req.keys.
  Outcome check(const common::ClusterConfig& config, uint64_t generation, common::Request& req);

  const std::string& user() const { return who_.user; }

 private:
  const Resolved& current(const common::ClusterConfig& config, uint64_t generation);
  bool verify(const common::ClusterConfig& config, const Credentials& c);
  std::optional<Outcome> optional_auth(const common::ClusterConfig& config,
                                       const common::Request& req);
  void collect_keys(const common::Request& req);
  Outcome deny(const common::Request& req, Role role);

  AccessCounters& counters_;
  Identity who_;
  std::string peer_;
  bool first_command_ = true;
  uint64_t generation_ = 0;  // of resolved_; 0: none yet
  const common::ClusterConfig* config_ = nullptr;  // of resolved_
  Resolved resolved_;
  std::vector<std::string_view> keys_;  // scratch
  std::vector<bool> allowed_;           // scratch
  std::string key_buf_;                 // scratch: a decoded base64 key
};

}  // namespace ringcache::proxy::access
