// MultiGet: one get/gets/gat/gats whose keys live on several nodes. The keys are split by
// owner (each node gets its keys in the client's order, duplicates kept), the requests go
// out in parallel, and merge() puts the VALUE items back in the client's key order with one
// END. A node answers only hits, in the order asked, so walking each node's items alongside
// the client's keys tells hits from misses; a node that failed leaves its keys as misses.
// A session reuses one MultiGet (reset()) so that a multi-get allocates nothing once warm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/protocol/response.h"
#include "common/util/function_ref.h"

namespace ringcache::proxy {

class MultiGet {
 public:
  /// One node's share.
  struct Part {
    std::size_t node = 0;
    std::vector<std::string_view> keys;  // into the MultiGet (valid while it lives)
  };

  /// Empty: reset() gives it keys.
  MultiGet() = default;
  /// Copies `keys` and groups them by `owner(key)`; parts are ordered by first appearance.
  MultiGet(const std::vector<std::string_view>& keys,
           common::function_ref<std::size_t(std::string_view)> owner);
  /// The same with the owners known: `owners[i]` is the node of `keys[i]`.
  MultiGet(const std::vector<std::string_view>& keys, const std::vector<std::size_t>& owners);
  MultiGet(const MultiGet&) = delete;
  MultiGet& operator=(const MultiGet&) = delete;

  /// Starts over with other keys (as the constructor), keeping the buffers.
  void reset(const std::vector<std::string_view>& keys, const std::vector<std::size_t>& owners);
  std::span<const Part> parts() const { return {parts_.data(), part_count_}; }
  /// Records (copies) part `index`'s reply; `reply` views point into `bytes`. A failed part
  /// (or an error reply without items) is simply never recorded, or recorded with no items.
  void set_reply(std::size_t index, const common::Response& reply, std::string_view bytes);
  /// Appends the merged reply (items in key order, then END). Returns the hits.
  std::size_t merge(std::string& out) const;
  std::size_t key_count() const { return entries_.size(); }
  /// Bytes its buffers hold (a session keeps a spare MultiGet only while this is small).
  std::size_t footprint() const;

 private:
  static constexpr std::size_t kSmallParts = 16;  // nodes counted without a heap array
  struct Entry {
    uint32_t offset;  // into keys_
    uint32_t size;
    uint32_t part;
  };
  struct Item {  // offsets into Reply::bytes
    uint32_t key_offset, key_size, raw_offset, raw_size;
  };
  struct Reply {
    std::string bytes;
    std::vector<Item> items;
  };

  std::string keys_;
  std::vector<Entry> entries_;
  std::vector<Part> parts_;     // the first part_count_ are this request's; the rest are
  std::size_t part_count_ = 0;  // kept from earlier ones for their capacity
  std::vector<Reply> replies_;  // parallel to parts_
};

}  // namespace ringcache::proxy
