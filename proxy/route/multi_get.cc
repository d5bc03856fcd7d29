#include "proxy/route/multi_get.h"

#include "common/protocol/text_writer.h"

namespace ringcache::proxy {

MultiGet::MultiGet(const std::vector<std::string_view>& keys,
                   common::function_ref<std::size_t(std::string_view)> owner) {
  std::size_t total = 0;
  for (std::string_view k : keys) total += k.size();
  keys_.reserve(total);  // parts point into keys_: it must never reallocate
  entries_.reserve(keys.size());
  std::vector<std::size_t> part_of_node;
  for (std::string_view k : keys) {
    const std::size_t node = owner(k);
    if (node >= part_of_node.size()) part_of_node.resize(node + 1, SIZE_MAX);
    if (part_of_node[node] == SIZE_MAX) {
      part_of_node[node] = parts_.size();
      parts_.push_back(Part{node, {}});
    }
    const std::size_t part = part_of_node[node];
    entries_.push_back({static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(k.size()),
                        static_cast<uint32_t>(part)});
    keys_.append(k);
  }
  for (const Entry& e : entries_) {
    parts_[e.part].keys.push_back(std::string_view(keys_).substr(e.offset, e.size));
  }
  replies_.resize(parts_.size());
}

void MultiGet::set_reply(std::size_t index, const common::Response& reply, std::string&& bytes) {
  Reply& r = replies_[index];
  const char* base = bytes.data();
  r.items.clear();
  for (const common::ValueItem& item : reply.items) {
    r.items.push_back(
        {static_cast<uint32_t>(item.key.data() - base), static_cast<uint32_t>(item.key.size()),
         static_cast<uint32_t>(item.raw.data() - base), static_cast<uint32_t>(item.raw.size())});
  }
  r.bytes = std::move(bytes);  // offsets stay valid even if a short string moved its bytes
}

std::size_t MultiGet::merge(std::string& out) const {
  std::vector<std::size_t> cursor(parts_.size(), 0);
  std::size_t hits = 0;
  for (const Entry& e : entries_) {
    const Reply& r = replies_[e.part];
    std::size_t& c = cursor[e.part];
    if (c >= r.items.size()) continue;
    const Item& item = r.items[c];
    std::string_view key = std::string_view(r.bytes).substr(item.key_offset, item.key_size);
    if (key != std::string_view(keys_).substr(e.offset, e.size)) continue;  // a miss
    out.append(std::string_view(r.bytes).substr(item.raw_offset, item.raw_size));
    ++c;
    ++hits;
  }
  out.append(common::text::kEnd);
  return hits;
}

}  // namespace ringcache::proxy
