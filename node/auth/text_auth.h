// Text-protocol authentication (-Y, memcached 1.5.15+'s try_read_command_asciiauth), as a
// pure function over bytes. Until a connection authenticates, every request must be
//   set <any key> <any flags> <any exptime> <bytes>\r\n<user> <password>\r\n
// which answers STORED when the pair is in the password file. Anything else answers
// "CLIENT_ERROR unauthenticated" and the connection stays open.
//
// Differences from memcached 1.6.18, on purpose: memcached sends only the last reply of
// requests that arrive together before authentication (its one response object is
// reused); each request gets its reply here. A declared length over kMaxTextAuthData
// closes the connection instead of waiting for data memcached's read buffer cannot hold.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/protocol/parse_result.h"
#include "node/auth/password_file.h"

namespace ringcache::node {

inline constexpr std::size_t kMaxTextAuthLine = 2048;  // memcached closes longer lines
inline constexpr std::size_t kMaxTextAuthData = 4096;

struct TextAuthResult {
  common::ParseStatus status = common::ParseStatus::kNeedMore;
  std::size_t consumed = 0;
  std::string_view reply;      // the line to send, without "\r\n" (empty: none)
  bool attempted = false;      // a user/password pair was checked (auth_cmds)
  bool authenticated = false;  // ... and it matched
  bool close = false;
};

/// Handles one unauthenticated request at the front of `in`.
TextAuthResult parse_text_auth(std::string_view in, const PasswordFile* passwords);

}  // namespace ringcache::node
