#include "proxy/backend/get_batch.h"

#include <algorithm>
#include <cstring>

#include "common/protocol/text_writer.h"

namespace ringcache::proxy {
namespace {

// Longer than any small-string buffer: the bytes never live inside the string object, so
// moving the BackendResult keeps the response's views valid.
constexpr std::size_t kMinHeapBytes = 64;

// The error line that ends an error reply (after any items).
std::string_view error_line(const common::Response& reply) {
  std::size_t start = 0;
  if (!reply.items.empty()) {
    const common::ValueItem& last = reply.items.back();
    start = static_cast<std::size_t>(last.raw.data() - reply.raw.data()) + last.raw.size();
  }
  return reply.raw.substr(std::min(start, reply.raw.size()));
}

}  // namespace

std::optional<GetLine> parse_get_line(std::string_view request) {
  if (request.size() < 2 || request.substr(request.size() - 2) != "\r\n") return std::nullopt;
  std::string_view line = request.substr(0, request.size() - 2);
  GetLine out;
  if (line.starts_with("get ")) {
    out.command = line.substr(0, 3);
  } else if (line.starts_with("gets ")) {
    out.command = line.substr(0, 4);
  } else {
    return std::nullopt;
  }
  out.keys = line.substr(out.command.size() + 1);
  if (out.keys.empty() || out.keys.front() == ' ' || out.keys.back() == ' ') return std::nullopt;
  // memchr over the whole keys. (string_view::find_first_of("\r\n") calls memchr once per
  // byte of the keys: with find("  "), a tenth of a multi-get's instructions went there.)
  const char* p = out.keys.data();
  const char* end = p + out.keys.size();
  if (std::memchr(p, '\n', out.keys.size()) != nullptr ||
      std::memchr(p, '\r', out.keys.size()) != nullptr) {
    return std::nullopt;
  }
  // One space between keys: a space is never last (checked above), so p[1] exists.
  while ((p = static_cast<const char*>(std::memchr(p, ' ', static_cast<std::size_t>(end - p))))) {
    if (p[1] == ' ') return std::nullopt;
    ++p;
  }
  return out;
}

void split_batch_reply(const common::Response& reply, std::string_view keys,
                       std::size_t* next_item, const common::ResponseLimits& limits,
                       BackendResult& out) {
  const auto& items = reply.items;
  common::Response& r = out.response;
  r.clear();
  std::size_t& next = *next_item;
  std::size_t size = common::text::kEnd.size();
  if (next < items.size()) {  // sized once: at most one item per key
    const auto key_count = static_cast<std::size_t>(std::count(keys.begin(), keys.end(), ' ')) + 1;
    r.items.reserve(std::min(items.size() - next, key_count));
  }
  while (!keys.empty()) {  // the items still point into `reply`
    const std::size_t space = keys.find(' ');
    const std::string_view key = keys.substr(0, space);
    keys = space == std::string_view::npos ? std::string_view{} : keys.substr(space + 1);
    if (next >= items.size() || items[next].key != key) continue;  // a miss
    size += items[next].raw.size();
    r.items.push_back(items[next++]);
  }
  const bool error = reply.kind == common::ResponseKind::kError;
  const std::string_view end = error ? error_line(reply) : common::text::kEnd;
  std::string& bytes = out.bytes;
  bytes.clear();
  bytes.reserve(std::max(size + end.size(), kMinHeapBytes));  // no reallocation below
  for (common::ValueItem& item : r.items) {
    const char* from = item.raw.data();
    const char* to = bytes.data() + bytes.size();
    bytes.append(item.raw);
    for (std::string_view* v : {&item.key, &item.value, &item.raw}) {
      *v = std::string_view(to + (v->data() - from), v->size());
    }
  }
  bytes.append(end);
  if (error) {  // rare: the parser describes the error as for this request alone
    common::parse_response(bytes, common::ResponseExpect::kValues, r, limits);
    return;
  }
  r.kind = common::ResponseKind::kValues;
  r.code = common::ReplyCode::kEnd;
  r.raw = bytes;
}

}  // namespace ringcache::proxy
