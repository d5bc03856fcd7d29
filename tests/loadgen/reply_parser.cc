#include "reply_parser.h"

#include <cstring>

namespace ringcache::loadgen {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Error lines that end any reply.
bool is_error_line(std::string_view line) {
  return line == "ERROR" || starts_with(line, "CLIENT_ERROR") || starts_with(line, "SERVER_ERROR");
}

// The <bytes> field of "VALUE <key> <flags> <bytes> [<cas>]"; -1 when malformed.
long value_length(std::string_view line) {
  std::size_t pos = 0;
  for (int field = 0; field < 3; ++field) {
    pos = line.find(' ', pos);
    if (pos == std::string_view::npos) return -1;
    ++pos;
  }
  long n = 0;
  std::size_t digits = 0;
  for (; pos < line.size() && line[pos] >= '0' && line[pos] <= '9' && digits < 10; ++pos, ++digits)
    n = n * 10 + (line[pos] - '0');
  if (digits == 0 || (pos < line.size() && line[pos] != ' ')) return -1;
  return n;
}

// Finds the next "\r\n"-terminated line at `at`; returns its length without the terminator.
bool next_line(std::string_view in, std::size_t at, std::string_view* line) {
  const void* nl = std::memchr(in.data() + at, '\n', in.size() - at);
  if (nl == nullptr) return false;
  std::size_t end = static_cast<std::size_t>(static_cast<const char*>(nl) - in.data());
  std::size_t len = end - at;
  if (len > 0 && in[end - 1] == '\r') --len;
  *line = in.substr(at, len);
  return true;
}

Reply parse_storage(std::string_view in) {
  Reply r;
  std::string_view line;
  if (!next_line(in, 0, &line)) return r;
  r.consumed = line.size() + (in[line.size()] == '\r' ? 2 : 1);
  r.status = ReplyStatus::kOk;
  if (line == "STORED") return r;
  if (line == "NOT_STORED" || line == "EXISTS" || line == "NOT_FOUND" || is_error_line(line)) {
    r.error = true;
    return r;
  }
  r.status = ReplyStatus::kBad;
  return r;
}

Reply parse_retrieval(std::string_view in) {
  Reply r;
  std::size_t at = 0;
  std::string_view line;
  while (next_line(in, at, &line)) {
    std::size_t after = at + line.size() + (in[at + line.size()] == '\r' ? 2 : 1);
    if (line == "END" || is_error_line(line)) {
      r.status = ReplyStatus::kOk;
      r.consumed = after;
      r.error = line != "END";
      return r;
    }
    long len = starts_with(line, "VALUE ") ? value_length(line) : -1;
    if (len < 0) {
      r.status = ReplyStatus::kBad;
      return r;
    }
    std::size_t end = after + static_cast<std::size_t>(len) + 2;
    if (end > in.size()) return Reply{};
    if (in[end - 2] != '\r' || in[end - 1] != '\n') {
      r.status = ReplyStatus::kBad;
      return r;
    }
    ++r.values;
    at = end;
  }
  return Reply{};
}

}  // namespace

Reply parse_reply(std::string_view in, ReplyExpect expect) {
  return expect == ReplyExpect::kRetrieval ? parse_retrieval(in) : parse_storage(in);
}

}  // namespace ringcache::loadgen
