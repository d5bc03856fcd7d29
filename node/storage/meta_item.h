// MetaItem: a live item as the meta commands see it inside a Cache visitor, with the
// shard lock held. Besides reading, a visitor may change the TTL (mg T/N, ma T/N) and
// hand out the recache token (mg W), in the order the request's flags ask.
#pragma once

#include <cstdint>
#include <string_view>

#include "node/storage/item.h"

namespace ringcache::node {

class MetaItem {
 public:
  MetaItem(Item& item, uint64_t visible_cas, bool created)
      : item_(item), cas_(visible_cas), created_(created) {}

  std::string_view key() const { return item_.key(); }
  std::string_view value() const { return item_.value(); }
  uint32_t flags() const { return item_.flags(); }
  uint64_t cas() const { return cas_; }  // 0 with -C
  int64_t exptime() const { return item_.exptime; }  // absolute unix seconds; 0 = never
  int64_t last_access() const { return item_.time; }
  bool fetched() const { return item_.has(kItemFetched); }
  bool stale() const { return item_.has(kItemStale); }
  bool win_sent() const { return item_.has(kItemWinSent); }
  bool key_binary() const { return item_.has(kItemKeyBinary); }
  bool created() const { return created_; }  // made by this request (N)

  /// New absolute exptime (0 = never; at or before now = expired after this request).
  void set_exptime(int64_t exptime) { item_.exptime = clamp_exptime(exptime); }
  /// This client won the right to recache: later readers see Z.
  void mark_win_sent() { item_.bits |= kItemWinSent; }

 private:
  Item& item_;
  uint64_t cas_;
  bool created_;
};

}  // namespace ringcache::node
