#include "proxy/backend/reply_copy.h"

#include <algorithm>
#include <cstdint>

namespace ringcache::proxy {
namespace {

// Longer than any small-string buffer: the bytes never live inside the string object.
constexpr std::size_t kMinHeapBytes = 64;

class Rebase {
 public:
  Rebase(std::string_view from, const char* to)
      : from_(reinterpret_cast<uintptr_t>(from.data())), size_(from.size()), to_(to) {}

  void operator()(std::string_view& v) const {
    if (v.data() == nullptr) return;
    auto p = reinterpret_cast<uintptr_t>(v.data());
    if (p < from_ || p - from_ > size_ || v.size() > size_ - (p - from_)) {
      v = {};
      return;
    }
    v = std::string_view(to_ + (p - from_), v.size());
  }

 private:
  uintptr_t from_;
  std::size_t size_;
  const char* to_;
};

}  // namespace

void copy_reply(const common::Response& parsed, BackendResult& out) {
  out.bytes.clear();
  out.bytes.reserve(std::max(parsed.raw.size(), kMinHeapBytes));
  out.bytes.append(parsed.raw);
  out.response = parsed;
  Rebase move(parsed.raw, out.bytes.data());
  common::Response& r = out.response;
  for (auto& item : r.items) {
    move(item.key);
    move(item.value);
    move(item.raw);
  }
  for (auto& stat : r.stats) {
    move(stat.line);
    move(stat.name);
    move(stat.value);
  }
  move(r.text);
  move(r.key);
  move(r.value);
  move(r.raw);
  for (auto& token : r.meta.tokens) move(token);
}

}  // namespace ringcache::proxy
