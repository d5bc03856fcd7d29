// memcached's text-protocol authentication (-Y) on the proxy's front end: the credentials
// travel as the data block of a `set`, "<user> <password>", and the key, flags and exptime
// are ignored. The proxy's front end speaks text and meta only, so this is how its clients
// authenticate; binary SASL is not offered there.
//
// parse_auth_request() reads one request of a connection that must authenticate first
// (listener "auth": "required"), byte for byte as memcached 1.6 -Y does: anything but such a
// `set` is answered "CLIENT_ERROR unauthenticated" (quit and version included), the
// connection stays open, a line over 2048 bytes without a newline closes it.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "common/protocol/parse_result.h"

namespace ringcache::proxy::access {

inline constexpr std::size_t kMaxAuthLine = 2048;  // memcached closes longer lines
inline constexpr std::size_t kMaxAuthData = 4096;  // a bigger block closes the connection

inline constexpr std::string_view kUnauthenticated = "CLIENT_ERROR unauthenticated\r\n";
inline constexpr std::string_view kAuthFailure = "CLIENT_ERROR authentication failure\r\n";
inline constexpr std::string_view kBadAuthFormat =
    "CLIENT_ERROR bad authentication token format\r\n";
inline constexpr std::string_view kBadTermination =
    "CLIENT_ERROR bad command line termination\r\n";

struct Credentials {
  std::string_view user;
  std::string_view password;
};

struct AuthRequest {
  common::ParseStatus status = common::ParseStatus::kNeedMore;
  std::size_t consumed = 0;
  std::string_view reply;                  // set when the request is answered without a check
  std::optional<Credentials> credentials;  // set when they are to be checked
  bool close = false;
};

/// One request at the front of `in` on a connection that has not authenticated yet.
AuthRequest parse_auth_request(std::string_view in);

/// The "<user> <password>" of an auth set's data block (without its "\r\n"), split as
/// memcached does: on spaces, empty words skipped; nullopt with fewer than two words.
std::optional<Credentials> split_credentials(std::string_view block);

}  // namespace ringcache::proxy::access
