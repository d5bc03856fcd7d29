#include "node/server/udp_get_split.h"

#include <charconv>
#include <cstddef>

namespace ringcache::node {
namespace {

constexpr std::string_view kEnd = "END\r\n";
constexpr std::string_view kValue = "VALUE ";

struct Item {
  std::size_t size = 0;  // 0: no well-formed item here
  std::string_view key;
};

// The item at the front of `in`: "VALUE <key> <flags> <bytes>[ <cas>]\r\n<data>\r\n".
Item value_item(std::string_view in) {
  if (in.substr(0, kValue.size()) != kValue) return {};
  std::size_t eol = in.find("\r\n");
  if (eol == std::string_view::npos) return {};
  std::string_view line = in.substr(kValue.size(), eol - kValue.size());
  std::size_t key_end = line.find(' ');
  if (key_end == std::string_view::npos) return {};
  std::size_t flags_end = line.find(' ', key_end + 1);
  if (flags_end == std::string_view::npos) return {};
  std::string_view bytes_text = line.substr(flags_end + 1);
  bytes_text = bytes_text.substr(0, bytes_text.find(' '));
  std::size_t bytes = 0;
  const char* end = bytes_text.data() + bytes_text.size();
  auto [stop, ec] = std::from_chars(bytes_text.data(), end, bytes);
  if (ec != std::errc() || stop != end || bytes > in.size()) return {};
  std::size_t size = eol + 2 + bytes + 2;
  if (size > in.size() || in.substr(size - 2, 2) != "\r\n") return {};
  return {size, line.substr(0, key_end)};
}

}  // namespace

bool split_get_reply(std::string_view reply, const std::vector<std::string_view>& keys,
                     std::vector<std::string_view>& messages) {
  messages.clear();
  std::size_t pos = 0;
  for (std::string_view key : keys) {
    // Items come in key order, one per hit, so each key either owns the next item or missed.
    Item item = value_item(reply.substr(pos));
    std::size_t size = item.size > 0 && item.key == key ? item.size : 0;
    messages.push_back(reply.substr(pos, size));
    pos += size;
  }
  if (keys.empty() || reply.substr(pos) != kEnd) {
    messages.clear();
    return false;
  }
  // END joins the last key's message; its item, if any, sits right before it.
  std::string_view& last = messages.back();
  last = reply.substr(pos - last.size(), last.size() + kEnd.size());
  return true;
}

}  // namespace ringcache::node
