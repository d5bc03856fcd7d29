#include "common/protocol/text_writer.h"

#include <charconv>
#include <cstring>

namespace ringcache::common::text {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxDigits = 20;  // uint64_t max and int64_t min both fit

// A number formatted on the stack; `view()` is valid while this object lives.
class Digits {
 public:
  explicit Digits(uint64_t v) { end_ = std::to_chars(buf_, buf_ + sizeof buf_, v).ptr; }
  explicit Digits(int64_t v) { end_ = std::to_chars(buf_, buf_ + sizeof buf_, v).ptr; }
  std::string_view view() const { return {buf_, static_cast<std::size_t>(end_ - buf_)}; }

 private:
  char buf_[kMaxDigits + 1];
  char* end_;
};

inline char* put(char* at, std::string_view part) {
  std::memcpy(at, part.data(), part.size());
  return at + part.size();
}

// Appends the pieces with one size computation and one resize, then plain copies: the
// string grows at most once, and there is no capacity check per piece (a reply line is
// built for every get hit, so this is on the hottest path).
template <typename... Parts>
void append_all(std::string& out, const Parts&... parts) {
  const std::size_t at = out.size();
  out.resize(at + (std::string_view(parts).size() + ...));
  char* p = out.data() + at;
  ((p = put(p, std::string_view(parts))), ...);
}

}  // namespace

void append_line(std::string& out, std::string_view line) { append_all(out, line, kCrlf); }

void append_value_header(std::string& out, std::string_view key, uint32_t flags,
                         std::size_t bytes) {
  const Digits f{uint64_t{flags}};
  const Digits b{uint64_t{bytes}};
  append_all(out, "VALUE ", key, " ", f.view(), " ", b.view(), kCrlf);
}

void append_value_header(std::string& out, std::string_view key, uint32_t flags,
                         std::size_t bytes, uint64_t cas) {
  const Digits f{uint64_t{flags}};
  const Digits b{uint64_t{bytes}};
  const Digits c{cas};
  append_all(out, "VALUE ", key, " ", f.view(), " ", b.view(), " ", c.view(), kCrlf);
}

void append_value(std::string& out, std::string_view key, uint32_t flags,
                  std::string_view data) {
  const Digits f{uint64_t{flags}};
  const Digits b{uint64_t{data.size()}};
  append_all(out, "VALUE ", key, " ", f.view(), " ", b.view(), kCrlf, data, kCrlf);
}

void append_value(std::string& out, std::string_view key, uint32_t flags,
                  std::string_view data, uint64_t cas) {
  const Digits f{uint64_t{flags}};
  const Digits b{uint64_t{data.size()}};
  const Digits c{cas};
  append_all(out, "VALUE ", key, " ", f.view(), " ", b.view(), " ", c.view(), kCrlf, data, kCrlf);
}

void append_number(std::string& out, uint64_t n) {
  const Digits d{n};
  append_all(out, d.view(), kCrlf);
}

void append_stat(std::string& out, std::string_view name, std::string_view value) {
  append_all(out, "STAT ", name, " ", value, kCrlf);
}

void append_stat(std::string& out, std::string_view name, uint64_t value) {
  const Digits d{value};
  append_all(out, "STAT ", name, " ", d.view(), kCrlf);
}

void append_stat_signed(std::string& out, std::string_view name, int64_t value) {
  const Digits d{value};
  append_all(out, "STAT ", name, " ", d.view(), kCrlf);
}

void append_version(std::string& out, std::string_view version) {
  append_all(out, "VERSION ", version, kCrlf);
}

}  // namespace ringcache::common::text
