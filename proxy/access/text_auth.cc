#include "proxy/access/text_auth.h"

#include <array>
#include <charconv>
#include <cstdint>

namespace ringcache::proxy::access {
namespace {

using common::ParseStatus;

// memcached's tokenize_command: words split on ' ', empty words skipped.
template <std::size_t N>
std::size_t tokenize(std::string_view s, std::array<std::string_view, N>& words) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < s.size() && n < N) {
    const std::size_t start = s.find_first_not_of(' ', pos);
    if (start == std::string_view::npos) break;
    std::size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    words[n++] = s.substr(start, end - start);
    pos = end;
  }
  return n;
}

// safe_strtoul on the <bytes> word: digits, maybe followed by the line's '\r'.
bool parse_length(std::string_view word, uint32_t& value) {
  if (!word.empty() && word.back() == '\r') word.remove_suffix(1);
  if (word.empty()) return false;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  return ec == std::errc() && end == word.data() + word.size();
}

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
  if (tokenize(block, words) < 2) return std::nullopt;
  return Credentials{words[0], words[1]};
}

AuthRequest parse_auth_request(std::string_view in) {
  const std::size_t nl = in.find('\n');
  if (nl == std::string_view::npos) {
    return in.size() > kMaxAuthLine ? closing(in.size()) : AuthRequest{};
  }
  std::array<std::string_view, 5> words;
  uint32_t length = 0;
  if (tokenize(in.substr(0, nl), words) < 5 || words[0] != "set" ||
      !parse_length(words[4], length)) {
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
