// Cache::arith: incr/decr as memcached's do_add_delta. The new number is written over the
// old one when it is not longer (padded with spaces to the old length, so the value keeps
// its size); a longer number needs a new item, allocated outside the lock, and the update
// is retried if the item changed meanwhile.
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
  const uint64_t hash = common::key_hash(key);
  Shard& s = shard_for(hash);
  Item* fresh = nullptr;  // item for a grown number, built on the previous attempt
  for (int attempt = 0; attempt < 8; ++attempt) {
    FreeBatch dead;
    Step step;
    {
      std::lock_guard lock(s.mu);
      const Validity v = validity();
      LookupResult found;
      const std::size_t slot = s.lookup(hash, key, v, dead, &found);
      Item* item = found == LookupResult::kHit ? s.table.item_at(slot) : nullptr;
      if (item == nullptr) {
        step.result = ArithResult::kNotFound;
      } else if (cas != 0 && cas != visible_cas(item->cas)) {
        step.result = ArithResult::kExists;
      } else if (auto number = parse_stored_number(item->value()); !number) {
        step.result = ArithResult::kNonNumeric;
      } else {
        step.value = apply(*number, incr, delta);
        step.digits_len = format_decimal(step.value, step.digits);
        if (step.digits_len <= item->value_len) {
          char* data = item->value_data();
          std::memcpy(data, step.digits, step.digits_len);
          std::memset(data + step.digits_len, ' ', item->value_len - step.digits_len);
          item->cas = next_cas();
          item->time = static_cast<uint32_t>(v.now);
          if (cas_out != nullptr) *cas_out = visible_cas(item->cas);
        } else if (fresh != nullptr && fresh->value_len == step.digits_len) {
          fresh->cas = next_cas();
          fresh->time = static_cast<uint32_t>(v.now);
          fresh->exptime = item->exptime;
          fresh->client_flags = item->client_flags;
          fresh->bits = item->bits & kItemFetched;
          std::memcpy(fresh->value_data(), step.digits, step.digits_len);
          s.replace(slot, fresh, dead);
          if (cas_out != nullptr) *cas_out = visible_cas(fresh->cas);
          fresh = nullptr;
        } else {
          step.need_item = true;
        }
      }
      if (fresh != nullptr && !step.need_item) {
        dead.add(fresh);  // not needed after all
        fresh = nullptr;
      }
    }
    dead.release(budget_);
    if (!step.need_item) {
      if (step.result == ArithResult::kOk && value_out != nullptr) *value_out = step.value;
      return step.result;
    }
    if (fresh == nullptr || fresh->value_len != step.digits_len) {
      if (fresh != nullptr) budget_free(budget_, fresh, fresh->total_size());
      fresh = alloc_item(s, key.size(), step.digits_len);
      if (fresh == nullptr) return ArithResult::kNoMemory;
      std::memset(fresh, 0, sizeof(Item));
      fresh->key_len = static_cast<uint8_t>(key.size());
      fresh->value_len = static_cast<uint32_t>(step.digits_len);
      std::memcpy(fresh->data(), key.data(), key.size());
    }
  }
  if (fresh != nullptr) budget_free(budget_, fresh, fresh->total_size());
  return ArithResult::kNoMemory;
}

}  // namespace ringcache::node
