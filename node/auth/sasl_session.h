// SaslSession: one binary connection's SASL state with the PLAIN mechanism (RFC 4616),
// following what memcached does with cyrus-sasl: every SASL command first drops the
// connection's authentication; AUTH with an initial response decides at once, AUTH
// without one asks for it (AUTH_CONTINUE) and the next STEP decides; a STEP at any
// other time fails.
#pragma once

#include <string_view>

#include "node/auth/password_file.h"

namespace ringcache::node {

/// The mechanism list a SASL LIST MECHS reply carries.
inline constexpr std::string_view kSaslMechanisms = "PLAIN";

/// Checks a PLAIN message, "[authzid] NUL authcid NUL password": exactly two NULs; the
/// authzid empty or equal to the authcid (no proxy authorization), as cyrus-sasl does.
bool sasl_plain_check(std::string_view message, const PasswordFile& passwords);

class SaslSession {
 public:
  enum class Outcome { kOk, kContinue, kFail };

  /// SASL LIST MECHS: memcached re-initialises the SASL connection, which logs it out.
  void list_mechanisms() { authenticated_ = false; }
  /// SASL AUTH with `mechanism` (case-insensitive) and its initial response.
  Outcome start(std::string_view mechanism, std::string_view data,
                const PasswordFile* passwords);
  /// SASL STEP with the client's response.
  Outcome step(std::string_view data, const PasswordFile* passwords);

  bool authenticated() const { return authenticated_; }

 private:
  enum class Phase { kIdle, kAwaitingResponse, kDone };

  Outcome finish(std::string_view data, const PasswordFile* passwords);

  bool authenticated_ = false;
  Phase phase_ = Phase::kIdle;
};

}  // namespace ringcache::node
