// Item: one stored entry, written unaligned into a segment (segment.h) or alone in a jumbo
// block: a 12-byte fixed header, the value length as a varint, then the optional fields
// (exptime only when it is not 0, the client flags only when they are not 0), then
// the key and the value (no "\r\n", no padding, no list pointers: the hash table slot
// holds the CLOCK bits).
//
//   0 bits | 1 key_len | 2-5 stamp (bit 31: has exptime; bits 0-30: last access time)
//   6-11 cas (48 bits) | 12.. value_len (LEB128: 1 byte below 128, 2 below 16384)
//       | [exptime, 4 bytes] | [flags, 4 bytes] | key | value
// The fields read on every hit (cas for the flush check, the exptime bit, time) sit at
// fixed offsets, before the varint.
//
// A 10-byte key and a 100-byte value without TTL or flags take 123 bytes (memcached: a
// 192-byte chunk). Why each field is where it is:
// - cas is per item because clients rely on unique CAS values, and memcached's are one
//   global sequence (1, 2, 3 ... in store order), which replies show (48 bits: 2^48
//   changes, ~9 years at a million per second).
// - exptime only when it is not 0. A TTL given later to an item without the field (touch,
//   gat, mg T, md I T) rewrites the item, keeping its CAS (cache_rewrite.cc); with the field
//   it is written in place.
// - time (last access, for mg l/h, metadump and item age) is rewritten on bumps; it is kept
//   to the second, relative to the cache's epoch (31 bits: 68 years), so that the exptime
//   bit fits beside it.
// The value length and flags never change in place (incr/decr writes a new item).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

namespace ringcache::node {

// Item state bits (meta protocol state and access history); a new version of an item
// starts with none of them.
enum ItemBits : uint8_t {
  kItemFetched = 1,    // read at least once since it was stored
  kItemStale = 2,      // meta: invalidated, served as stale until re-set
  kItemWinSent = 4,    // meta: a client holds the recache token
  kItemKeyBinary = 8,  // meta: stored with a base64 key (flag b); shown encoded again
  kItemStateMask = 15,
};

// Layout bits, fixed when the item is written.
enum ItemLayout : uint8_t {
  kItemHasFlags = 16,  // a 4-byte client flags field
  kItemDead = 32,      // unlinked: the bytes wait for the segment's compaction
  kItemJumbo = 64,     // alone in its own block (segment.h)
};

// Optional fields a new item is given (besides flags, which follow from their value).
enum ItemFields : uint8_t {
  kFieldExptime = 1,
};

constexpr uint64_t kMaxCas = (uint64_t{1} << 48) - 1;

inline std::size_t varint_size(uint64_t v) {
  std::size_t n = 1;
  while (v >= 128) {
    v >>= 7;
    ++n;
  }
  return n;
}

#pragma pack(push, 1)
struct Item {
  static constexpr uint32_t kHasExptime = uint32_t{1} << 31;
  static constexpr uint32_t kTimeMask = kHasExptime - 1;

  uint8_t bits;       // ItemBits | ItemLayout
  uint8_t key_len;
  uint32_t stamp;     // kHasExptime | last access (store or read), seconds since the epoch
  uint16_t cas_lo;
  uint32_t cas_hi;
  // value length, optional fields, key bytes, value bytes follow

  std::size_t value_len() const {
    const auto* p = tail();
    if (*p < 128) return *p;
    std::size_t v = 0;
    for (unsigned shift = 0;; shift += 7, ++p) {
      v |= std::size_t{*p & 127u} << shift;
      if (*p < 128) return v;
    }
  }
  bool has_exptime_field() const { return (stamp & kHasExptime) != 0; }
  uint32_t time() const { return stamp & kTimeMask; }
  void set_time(uint32_t t) { stamp = (stamp & kHasExptime) | (t & kTimeMask); }
  uint64_t cas() const { return (uint64_t{cas_hi} << 16) | cas_lo; }
  void set_cas(uint64_t cas) {
    cas_lo = static_cast<uint16_t>(cas);
    cas_hi = static_cast<uint32_t>(cas >> 16);
  }
  // Absolute unix seconds; 0 = never.
  uint32_t exptime() const {
    if (!has_exptime_field()) return 0;
    uint32_t e;
    std::memcpy(&e, fields(), 4);
    return e;
  }
  // Only with the field (or to 0, which needs none).
  void set_exptime(uint32_t e) {
    if (has_exptime_field()) std::memcpy(fields(), &e, 4);
  }
  bool can_hold_exptime(uint32_t e) const { return e == 0 || has_exptime_field(); }
  uint32_t flags() const {
    if (!has(kItemHasFlags)) return 0;
    uint32_t f;
    std::memcpy(&f, fields() + exptime_bytes(), 4);
    return f;
  }
  char* key_data() { return reinterpret_cast<char*>(this) + key_offset(); }
  const char* key_data() const { return reinterpret_cast<const char*>(this) + key_offset(); }
  std::string_view key() const { return {key_data(), key_len}; }
  std::string_view value() const { return {key_data() + key_len, value_len()}; }
  char* value_data() { return key_data() + key_len; }
  // Everything the item occupies: header, key and value.
  std::size_t total_size() const { return key_offset() + key_len + value_len(); }
  bool has(uint8_t b) const { return (bits & b) != 0; }
  uint8_t state() const { return bits & kItemStateMask; }
  void set_state(uint8_t state) {
    bits = static_cast<uint8_t>((bits & ~kItemStateMask) | (state & kItemStateMask));
  }

 private:
  const uint8_t* tail() const { return reinterpret_cast<const uint8_t*>(this) + sizeof(Item); }
  const uint8_t* fields() const { return tail() + varint_size(value_len()); }
  uint8_t* fields() { return const_cast<uint8_t*>(std::as_const(*this).fields()); }
  std::size_t exptime_bytes() const { return has_exptime_field() ? 4 : 0; }
  std::size_t key_offset() const {
    return sizeof(Item) + varint_size(value_len()) + exptime_bytes() +
           (has(kItemHasFlags) ? 4 : 0);
  }
};
#pragma pack(pop)

static_assert(sizeof(Item) == 12, "item header layout changed: update the size notes");

// An absolute exptime as the item stores it: 0 = never, anything at or before 1970+1s
// (already expired) = 1, beyond 2106 = the last representable second.
inline uint32_t clamp_exptime(int64_t exptime) {
  if (exptime == 0) return 0;
  if (exptime < 1) return 1;
  if (exptime > int64_t{UINT32_MAX}) return UINT32_MAX;
  return static_cast<uint32_t>(exptime);
}

// The optional fields an item needs for this exptime, plus `extra` (ItemFields).
inline uint8_t fields_for(uint32_t exptime, uint8_t extra = 0) {
  return static_cast<uint8_t>(extra | (exptime != 0 ? kFieldExptime : 0));
}

inline std::size_t item_total_size(std::size_t key_len, std::size_t value_len, uint32_t flags,
                                   uint8_t fields = 0) {
  return sizeof(Item) + varint_size(value_len) +
         ((fields & kFieldExptime) != 0 ? 4 : 0) + (flags != 0 ? 4 : 0) + key_len + value_len;
}

// Writes a new item's header and key at `at` (item_total_size bytes): cas,
// exptime and time 0, no state bits. `layout` adds kItemJumbo for a block of its own.
inline Item* init_item(void* at, std::string_view key, std::size_t value_len, uint32_t flags,
                       uint8_t fields = 0, uint8_t layout = 0) {
  auto* item = static_cast<Item*>(at);
  item->bits = static_cast<uint8_t>(layout | (flags != 0 ? kItemHasFlags : 0));
  item->key_len = static_cast<uint8_t>(key.size());
  item->stamp = (fields & kFieldExptime) != 0 ? Item::kHasExptime : 0;
  item->set_cas(0);
  auto* p = reinterpret_cast<uint8_t*>(item) + sizeof(Item);
  uint64_t v = value_len;
  while (v >= 128) {
    *p++ = static_cast<uint8_t>(v | 128);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  if ((fields & kFieldExptime) != 0) {
    std::memset(p, 0, 4);
    p += 4;
  }
  if (flags != 0) {
    std::memcpy(p, &flags, 4);
    p += 4;
  }
  std::memcpy(p, key.data(), key.size());
  return item;
}

}  // namespace ringcache::node
