#include "node/auth/text_auth.h"

#include <array>
#include <cstdint>

#include "common/protocol/auth_words.h"

namespace ringcache::node {

namespace {

using common::ParseStatus;

constexpr std::string_view kUnauthenticated = "CLIENT_ERROR unauthenticated";

using common::auth_length;
using common::auth_words;

TextAuthResult reply(std::size_t consumed, std::string_view line) {
  TextAuthResult r;
  r.status = ParseStatus::kOk;
  r.consumed = consumed;
  r.reply = line;
  return r;
}

// The data block "<user> <password>\r\n" of an auth set.
TextAuthResult check_block(std::string_view block, std::size_t consumed,
                           const PasswordFile* passwords) {
  if (block.substr(block.size() - 2) != "\r\n") {
    return reply(consumed, "CLIENT_ERROR bad command line termination");
  }
  std::array<std::string_view, 2> words;
  if (auth_words(block.substr(0, block.size() - 2), words) < 2) {
    return reply(consumed, "CLIENT_ERROR bad authentication token format");
  }
  TextAuthResult r = reply(consumed, "CLIENT_ERROR authentication failure");
  r.attempted = true;
  if (passwords != nullptr && passwords->check(words[0], words[1])) {
    r.reply = "STORED";
    r.authenticated = true;
  }
  return r;
}

}  // namespace

TextAuthResult parse_text_auth(std::string_view in, const PasswordFile* passwords) {
  const std::size_t nl = in.find('\n');
  if (nl == std::string_view::npos) {
    TextAuthResult r;
    if (in.size() > kMaxTextAuthLine) {
      r.status = ParseStatus::kBad;
      r.consumed = in.size();
      r.close = true;
    }
    return r;
  }
  std::array<std::string_view, 5> words;
  uint32_t length = 0;
  if (auth_words(in.substr(0, nl), words) < 5 || words[0] != "set" ||
      !auth_length(words[4], length)) {
    return reply(nl + 1, kUnauthenticated);
  }
  if (length > kMaxTextAuthData) {
    TextAuthResult r;
    r.status = ParseStatus::kBad;
    r.consumed = in.size();
    r.close = true;
    return r;
  }
  const std::size_t end = nl + 1 + length + 2;
  if (in.size() < end) return TextAuthResult{};
  return check_block(in.substr(nl + 1, length + 2), end, passwords);
}

}  // namespace ringcache::node
