#include "node/auth/sasl_session.h"

#include <cctype>

namespace ringcache::node {

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool sasl_plain_check(std::string_view message, const PasswordFile& passwords) {
  const std::size_t first = message.find('\0');
  if (first == std::string_view::npos) return false;
  const std::size_t second = message.find('\0', first + 1);
  if (second == std::string_view::npos) return false;
  const std::string_view authzid = message.substr(0, first);
  const std::string_view user = message.substr(first + 1, second - first - 1);
  const std::string_view password = message.substr(second + 1);
  if (password.find('\0') != std::string_view::npos) return false;
  if (user.empty()) return false;
  // Checked before the password: the same answer whatever the password.
  const bool authz_ok = authzid.empty() || authzid == user;
  return passwords.check(user, password) && authz_ok;
}

SaslSession::Outcome SaslSession::start(std::string_view mechanism, std::string_view data,
                                        const PasswordFile* passwords) {
  authenticated_ = false;
  if (!equals_ignoring_case(mechanism, kSaslMechanisms)) {
    phase_ = Phase::kIdle;
    return Outcome::kFail;
  }
  if (data.empty()) {
    // No initial response: ask for it, as cyrus-sasl's PLAIN does.
    phase_ = Phase::kAwaitingResponse;
    return Outcome::kContinue;
  }
  return finish(data, passwords);
}

SaslSession::Outcome SaslSession::step(std::string_view data, const PasswordFile* passwords) {
  authenticated_ = false;
  if (phase_ != Phase::kAwaitingResponse) return Outcome::kFail;
  return finish(data, passwords);
}

SaslSession::Outcome SaslSession::finish(std::string_view data, const PasswordFile* passwords) {
  const bool ok = passwords != nullptr && sasl_plain_check(data, *passwords);
  // memcached keeps the exchange "started" after a decision, so a later STEP fails.
  phase_ = ok ? Phase::kDone : Phase::kIdle;
  authenticated_ = ok;
  return ok ? Outcome::kOk : Outcome::kFail;
}

}  // namespace ringcache::node
