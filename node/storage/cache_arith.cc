// Cache::arith: incr/decr as memcached's do_add_delta. The new number is written over the
// old one when it is not longer (padded with spaces to the old length, so the value keeps
// its size); a longer number needs a new item (Cache::place, which may drop the lock), and
// the update is retried if the item changed meanwhile.
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
      const std::size_t old_len = item->value_len();
      Item* target = nullptr;
      if (step.digits_len <= old_len) {
        char* data = item->value_data();
        std::memcpy(data, step.digits, step.digits_len);
        std::memset(data + step.digits_len, ' ', old_len - step.digits_len);
        target = item;
      } else if (fresh != nullptr && fresh->value_len() == step.digits_len &&
                 fresh->flags() == item->flags()) {
        fresh->exptime = item->exptime;
        // A new item, as in memcached: unfetched, not stale.
        std::memcpy(fresh->value_data(), step.digits, step.digits_len);
        s.replace(slot, fresh, dead);
        target = fresh;
        fresh = nullptr;
      } else {
        step.need_item = true;
      }
      if (target != nullptr) {
        target->set_cas(next_cas());
        target->time = static_cast<uint32_t>(v.now);
        if (cas_out != nullptr) *cas_out = visible_cas(target->cas());
        if (visit != nullptr) {
          MetaItem view(*target, visible_cas(target->cas()), false);
          (*visit)(view, step.value);
        }
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
    fresh = place(s, lock, key, step.digits_len, item->flags(), dead);
    if (fresh == nullptr) return ArithResult::kNoMemory;
  }
  if (fresh != nullptr) s.abandon(fresh, dead);
  return ArithResult::kNoMemory;
}

}  // namespace ringcache::node
