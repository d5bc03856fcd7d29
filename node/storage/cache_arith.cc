// Cache::arith: incr/decr as memcached's do_add_delta. A number not longer than the old
// value is padded with spaces to its length (the value keeps its size). The result is
// always a new item, so that ma T can set a TTL in place (item.h): Cache::place may drop
// the lock, and the update is retried if the item changed meanwhile.
#include <algorithm>
#include <cstring>

#include "common/hash/key_hash.h"
#include "node/storage/decimal.h"
#include "node/storage/shard.h"

namespace ringcache::node {
namespace {

struct Step {
  ArithResult result = ArithResult::kOk;
  bool need_item = false;  // the number grew: a new item of `digits_len` is needed
  char digits[20];
  std::size_t digits_len = 0;
  std::size_t item_len = 0;  // the new item's value length
  uint64_t value = 0;
};

uint64_t apply(uint64_t v, bool incr, uint64_t delta) {
  if (incr) return v + delta;  // wraps at 2^64
  return delta > v ? 0 : v - delta;
}

}  // namespace

ArithResult Cache::arith(std::string_view key, bool incr, uint64_t delta, uint64_t* value_out,
                         uint64_t* cas_out, uint64_t cas) {
  return arith_impl(key, incr, delta, cas, value_out, cas_out, nullptr);
}

ArithResult Cache::arith_impl(std::string_view key, bool incr, uint64_t delta, uint64_t cas,
                              uint64_t* value_out, uint64_t* cas_out, const ArithVisit* visit) {
  const uint64_t hash = common::key_hash(key);
  Shard& s = shard_for(hash);
  FreeBatch dead;
  std::unique_lock lock(s.mu);
  Item* fresh = nullptr;  // item for a grown number, placed on the previous attempt
  for (int attempt = 0; attempt < 8; ++attempt) {
    Step step;
    const Validity v = validity();
    LookupResult found;
    const std::size_t slot = s.lookup(hash, key, v, dead, &found);
    Item* item = found == LookupResult::kHit ? s.table.item_at(slot) : nullptr;
    if (item == nullptr) {
      step.result = ArithResult::kNotFound;
    } else if (cas != 0 && cas != visible_cas(item->cas())) {
      step.result = ArithResult::kExists;
    } else if (auto number = parse_stored_number(item->value()); !number) {
      step.result = ArithResult::kNonNumeric;
    } else {
      step.value = apply(*number, incr, delta);
      step.digits_len = format_decimal(step.value, step.digits);
      // As memcached: a number no longer than the old value is padded with spaces to its
      // length. It is always written as a new item (with room for a TTL, which an item
      // without one has no field for; see item.h).
      const std::size_t old_len = item->value_len();
      const std::size_t len = std::max(step.digits_len, old_len);
      step.item_len = len;
      if (fresh != nullptr && fresh->value_len() == len && fresh->flags() == item->flags()) {
        fresh->set_exptime(item->exptime());
        // Where memcached writes in place the item keeps its state; a grown number is a
        // new item there: unfetched, not stale.
        if (step.digits_len <= old_len) fresh->bits |= item->state();
        char* data = fresh->value_data();
        std::memcpy(data, step.digits, step.digits_len);
        std::memset(data + step.digits_len, ' ', len - step.digits_len);
        fresh->set_cas(next_cas());
        fresh->set_time(v.item_time());
        // memcached counts a new item only when the number outgrew the old value.
        s.replace(slot, fresh, dead, /*new_version=*/step.digits_len > old_len);
        Item* target = fresh;
        fresh = nullptr;
        if (cas_out != nullptr) *cas_out = visible_cas(target->cas());
        if (visit != nullptr) {
          MetaItem view(*target, visible_cas(target->cas()), false, v.now);
          (*visit)(view, step.value);
        }
      } else {
        step.need_item = true;
      }
    }
    if (fresh != nullptr) {
      s.abandon(fresh, dead);  // not needed after all (or the wrong shape)
      fresh = nullptr;
    }
    if (!step.need_item) {
      if (step.result == ArithResult::kOk && value_out != nullptr) *value_out = step.value;
      return step.result;
    }
    // Room for a TTL (ma T) whatever the old item had.
    fresh = place(s, lock, key, step.item_len, item->flags(), kFieldExptime, dead);
    if (fresh == nullptr) return ArithResult::kNoMemory;
  }
  if (fresh != nullptr) s.abandon(fresh, dead);
  return ArithResult::kNoMemory;
}

}  // namespace ringcache::node
