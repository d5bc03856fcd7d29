// Line framing and tokenising for the text (and meta) protocol, as memcached 1.6 does it.
//
// A request line ends at the first '\n'; a '\r' right before it is dropped when the line
// has at least two bytes before the '\n'; the line stops at its first NUL byte (memcached
// tokenises a C string). Tokens are separated by one or more spaces only (a tab is part
// of a token). memcached tokenises at most 23 tokens at a time: what follows the 23rd is
// left in `rest`, which only the get family reads further.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ringcache::common::text {

/// memcached's MAX_TOKENS (24) without its terminal token.
inline constexpr std::size_t kMaxTokens = 23;
/// memcached's KEY_MAX_LENGTH.
inline constexpr std::size_t kKeyMaxLength = 250;

/// One framed request line.
struct Line {
  std::string_view text;   // the command line as memcached sees it (see above)
  std::size_t length = 0;  // bytes up to and including the '\n'
};

/// Finds the first line in `in`; false when no '\n' has arrived yet.
bool frame_line(std::string_view in, Line& line);

/// The tokens of one line.
struct Tokens {
  std::array<std::string_view, kMaxTokens> token{};
  std::size_t count = 0;  // tokens found (memcached's ntokens is count + 1)
  std::string_view rest;  // unread bytes after the 23rd token (may be only spaces)

  std::size_t ntokens() const { return count + 1; }
  std::string_view operator[](std::size_t i) const { return token[i]; }
  /// memcached's tokens[ntokens - 2]: the last token (where noreply goes).
  std::string_view last() const { return count ? token[count - 1] : std::string_view{}; }
  bool noreply() const { return last() == "noreply"; }
};

/// memcached's tokenize_command.
void tokenize(std::string_view line, Tokens& out);

/// Pops the next space-separated token from `rest` (empty when none is left).
std::string_view next_token(std::string_view& rest);

}  // namespace ringcache::common::text
