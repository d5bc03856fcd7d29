#include "proxy/route/multi_get.h"

#include <algorithm>

#include "common/protocol/text_writer.h"

namespace ringcache::proxy {

namespace {

std::vector<std::size_t> owners_of(const std::vector<std::string_view>& keys,
                                   common::function_ref<std::size_t(std::string_view)> owner) {
  std::vector<std::size_t> owners;
  owners.reserve(keys.size());
  for (std::string_view k : keys) owners.push_back(owner(k));
  return owners;
}

}  // namespace

MultiGet::MultiGet(const std::vector<std::string_view>& keys,
                   common::function_ref<std::size_t(std::string_view)> owner)
    : MultiGet(keys, owners_of(keys, owner)) {}

MultiGet::MultiGet(const std::vector<std::string_view>& keys,
                   const std::vector<std::size_t>& owners) {
  reset(keys, owners);
}

void MultiGet::reset(const std::vector<std::string_view>& keys,
                     const std::vector<std::size_t>& owners) {
  for (std::size_t p = 0; p < part_count_; ++p) {
    parts_[p].keys.clear();
    replies_[p].bytes.clear();
    replies_[p].items.clear();
  }
  part_count_ = 0;
  keys_.clear();
  entries_.clear();
  std::size_t total = 0;
  for (std::string_view k : keys) total += k.size();
  keys_.reserve(total);
  entries_.reserve(keys.size());
  // Parts in order of first appearance; a cluster has few nodes, so a linear search.
  for (std::size_t i = 0; i < keys.size(); ++i) {
    std::size_t part = 0;
    while (part < part_count_ && parts_[part].node != owners[i]) ++part;
    if (part == part_count_) {
      if (part_count_ == parts_.size()) parts_.emplace_back();
      parts_[part_count_++].node = owners[i];
    }
    entries_.push_back({static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(keys[i].size()),
                        static_cast<uint32_t>(part)});
    keys_.append(keys[i]);
  }
  // Each part's keys vector sized once: growing them cost more than the rest of a split.
  std::size_t counts[kSmallParts] = {};
  if (part_count_ <= kSmallParts) {
    for (const Entry& e : entries_) ++counts[e.part];
    for (std::size_t p = 0; p < part_count_; ++p) parts_[p].keys.reserve(counts[p]);
  }
  // keys_ is complete: the views into it stay valid until the next reset().
  for (const Entry& e : entries_) {
    parts_[e.part].keys.push_back(std::string_view(keys_).substr(e.offset, e.size));
  }
  if (replies_.size() < parts_.size()) replies_.resize(parts_.size());
}

void MultiGet::set_reply(std::size_t index, const common::Response& reply, std::string_view bytes) {
  Reply& r = replies_[index];
  const char* base = bytes.data();
  r.items.clear();
  r.items.reserve(reply.items.size());
  for (const common::ValueItem& item : reply.items) {
    r.items.push_back(
        {static_cast<uint32_t>(item.key.data() - base), static_cast<uint32_t>(item.key.size()),
         static_cast<uint32_t>(item.raw.data() - base), static_cast<uint32_t>(item.raw.size())});
  }
  r.bytes.assign(bytes);  // offsets, not views: valid in the copy
}

std::size_t MultiGet::footprint() const {
  std::size_t bytes = keys_.capacity() + entries_.capacity() * sizeof(Entry) +
                      parts_.capacity() * sizeof(Part) + replies_.capacity() * sizeof(Reply);
  for (const Part& p : parts_) bytes += p.keys.capacity() * sizeof(std::string_view);
  for (const Reply& r : replies_) bytes += r.bytes.capacity() + r.items.capacity() * sizeof(Item);
  return bytes;
}

std::size_t MultiGet::merge(std::string& out) const {
  std::size_t small[kSmallParts] = {};
  std::vector<std::size_t> large;
  if (part_count_ > kSmallParts) large.resize(part_count_, 0);
  std::size_t* cursor = large.empty() ? small : large.data();
  std::size_t most = common::text::kEnd.size();  // the hits take at most every reply's bytes
  for (std::size_t p = 0; p < part_count_; ++p) most += replies_[p].bytes.size();
  out.reserve(out.size() + most);
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
