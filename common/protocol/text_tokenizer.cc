#include "common/protocol/text_tokenizer.h"

#include <cstring>

namespace ringcache::common::text {

bool frame_line(std::string_view in, Line& line) {
  const void* nl = std::memchr(in.data(), '\n', in.size());
  if (nl == nullptr) return false;
  std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - in.data());
  line.length = end + 1;
  // memcached strips the '\r' only when more than one byte precedes the '\n'.
  if (end > 1 && in[end - 1] == '\r') --end;
  std::string_view text = in.substr(0, end);
  const void* nul = std::memchr(text.data(), '\0', text.size());
  if (nul != nullptr) text = text.substr(0, static_cast<const char*>(nul) - text.data());
  line.text = text;
  return true;
}

std::string_view next_token(std::string_view& rest) {
  std::size_t begin = 0;
  while (begin < rest.size() && rest[begin] == ' ') ++begin;
  std::size_t end = begin;
  while (end < rest.size() && rest[end] != ' ') ++end;
  std::string_view tok = rest.substr(begin, end - begin);
  rest.remove_prefix(end);
  return tok;
}

void tokenize(std::string_view line, Tokens& out) {
  out.count = 0;
  out.rest = {};
  const char* p = line.data();
  const char* const end = p + line.size();
  while (p < end) {
    if (*p == ' ') {
      ++p;
      continue;
    }
    // memchr finds the end of a key faster than a byte loop (a get of ten keys is mostly this).
    const void* sp = std::memchr(p, ' ', static_cast<std::size_t>(end - p));
    const char* stop = sp != nullptr ? static_cast<const char*>(sp) : end;
    out.token[out.count++] = std::string_view(p, static_cast<std::size_t>(stop - p));
    p = stop;
    if (out.count == kMaxTokens) {
      // memcached stops after the separator that follows the 23rd token.
      if (p < end) out.rest = std::string_view(p + 1, static_cast<std::size_t>(end - p - 1));
      break;
    }
  }
}

}  // namespace ringcache::common::text
