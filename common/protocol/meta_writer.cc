#include "common/protocol/meta_writer.h"

#include <charconv>

#include "common/util/base64.h"

namespace ringcache::common::meta {
namespace {

constexpr std::size_t kMaxDigits = 21;  // "-9223372036854775808" and uint64_t max fit

template <typename T>
void append_number(std::string& out, T n) {
  char buf[kMaxDigits];
  const char* end = std::to_chars(buf, buf + sizeof buf, n).ptr;
  out.append(buf, static_cast<std::size_t>(end - buf));
}

void add_letter(std::string& out, char flag) {
  const char pair[2] = {' ', flag};
  out.append(pair, 2);
}

}  // namespace

void begin(std::string& out, std::string_view code) { out.append(code); }

void begin_value(std::string& out, std::size_t size) {
  out.append("VA ");
  append_number(out, uint64_t{size});
}

void add_number(std::string& out, char flag, uint64_t n) {
  add_letter(out, flag);
  append_number(out, n);
}

void add_signed(std::string& out, char flag, int64_t n) {
  add_letter(out, flag);
  append_number(out, n);
}

void add_flag(std::string& out, char flag) { add_letter(out, flag); }

void add_opaque(std::string& out, std::string_view opaque) {
  add_letter(out, 'O');
  out.append(opaque);
}

void add_key(std::string& out, std::string_view key, bool binary) {
  add_letter(out, 'k');
  if (!binary) {
    out.append(key);
    return;
  }
  base64_encode(key, out);
  out.append(" b");
}

void end(std::string& out) { out.append("\r\n"); }

void add_data(std::string& out, std::string_view data) {
  out.append(data);
  out.append("\r\n");
}

}  // namespace ringcache::common::meta
