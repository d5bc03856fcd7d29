#include "proxy/access/text_auth.h"

#include <array>
#include <cstdint>

#include "common/protocol/auth_words.h"

namespace ringcache::proxy::access {
namespace {

using common::ParseStatus;

using common::auth_length;
using common::auth_words;

AuthRequest answered(std::size_t consumed, std::string_view reply) {
  AuthRequest r;
  r.status = ParseStatus::kOk;
  r.consumed = consumed;
  r.reply = reply;
  return r;
}

AuthRequest closing(std::size_t consumed) {
  AuthRequest r;
  r.status = ParseStatus::kBad;
  r.consumed = consumed;
  r.close = true;
  return r;
}

}  // namespace

std::optional<Credentials> split_credentials(std::string_view block) {
  std::array<std::string_view, 2> words;
  if (auth_words(block, words) < 2) return std::nullopt;
  return Credentials{words[0], words[1]};
}

AuthRequest parse_auth_request(std::string_view in) {
  const std::size_t nl = in.find('\n');
  if (nl == std::string_view::npos) {
    return in.size() > kMaxAuthLine ? closing(in.size()) : AuthRequest{};
  }
  std::array<std::string_view, 5> words;
  uint32_t length = 0;
  if (auth_words(in.substr(0, nl), words) < 5 || words[0] != "set" ||
      !auth_length(words[4], length)) {
    return answered(nl + 1, kUnauthenticated);
  }
  if (length > kMaxAuthData) return closing(in.size());
  const std::size_t end = nl + 1 + length + 2;
  if (in.size() < end) return AuthRequest{};
  const std::string_view block = in.substr(nl + 1, length + 2);
  if (block.substr(length) != "\r\n") return answered(end, kBadTermination);
  const auto credentials = split_credentials(block.substr(0, length));
  if (!credentials) return answered(end, kBadAuthFormat);
  AuthRequest r = answered(end, {});
  r.credentials = credentials;
  return r;
}

}  // namespace ringcache::proxy::access
