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
  MetaItem(Item& item, uint64_t visible_cas, bool created, int64_t last_access)
      : item_(item), cas_(visible_cas), last_access_(last_access), created_(created) {}

  std::string_view key() const { return item_.key(); }
  std::string_view value() const { return item_.value(); }
  uint32_t flags() const { return item_.flags(); }
  uint64_t cas() const { return cas_; }  // 0 with -C
  // Absolute unix seconds; 0 = never.
  int64_t exptime() const { return exptime_pending_ ? exptime_ : item_.exptime(); }
  int64_t last_access() const { return last_access_; }
  bool fetched() const { return item_.has(kItemFetched); }
  bool stale() const { return item_.has(kItemStale); }
  bool win_sent() const { return item_.has(kItemWinSent); }
  bool key_binary() const { return item_.has(kItemKeyBinary); }
  bool created() const { return created_; }  // made by this request (N)

  /// New absolute exptime (0 = never; at or before now = expired after this request).
  /// An item without an exptime field keeps the new TTL pending: the Cache rewrites the
  /// item with it once the visitor returns (later flags already see it).
  void set_exptime(int64_t exptime) {
    const uint32_t e = clamp_exptime(exptime);
    exptime_pending_ = !item_.can_hold_exptime(e);
    if (exptime_pending_) {
      exptime_ = e;
    } else {
      item_.set_exptime(e);
    }
  }
  /// This client won the right to recache: later readers see Z.
  void mark_win_sent() { item_.bits |= kItemWinSent; }

  /// A TTL the item could not take in place (see set_exptime).
  bool exptime_pending() const { return exptime_pending_; }
  uint32_t pending_exptime() const { return exptime_; }

 private:
  Item& item_;
  uint64_t cas_;
  int64_t last_access_;
  uint32_t exptime_ = 0;
  bool exptime_pending_ = false;
  bool created_;
};

}  // namespace ringcache::node
