// Item: one stored entry, written unaligned into a segment (segment.h) or alone in a jumbo
// block: a 16-byte fixed header, the value length as a varint, the client flags only when
// they are not 0, then the key and the value (no "\r\n", no padding, no list pointers: the
// hash table slot holds the CLOCK bits).
//
//   0 bits | 1 key_len | 2-7 cas (48 bits) | 8-11 exptime | 12-15 time
//   16.. value_len (LEB128: 1 byte below 128, 2 below 16384) | [flags, 4 bytes] | key | value
//
// A 10-byte key and a 100-byte value take 127 bytes (memcached: a 192-byte chunk). Why each
// field stays: cas is per item because clients rely on unique CAS values (48 bits: 2^48
// changes, ~9 years at a million per second; the counter is checked); exptime and time are
// rewritten in place (touch, gat, mg T; bumps), so they cannot be optional without moving
// the item. The value length and flags never change in place (incr/decr pads with spaces).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

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
  kItemHasFlags = 16,  // a 4-byte client flags field follows the value length
  kItemDead = 32,      // unlinked: the bytes wait for the segment's compaction
  kItemJumbo = 64,     // alone in its own block (segment.h)
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
  uint8_t bits;       // ItemBits | ItemLayout
  uint8_t key_len;
  uint16_t cas_lo;
  uint32_t cas_hi;
  uint32_t exptime;   // absolute unix seconds; 0 = never
  uint32_t time;      // last access (store or read), unix seconds
  // value length, flags, key bytes, value bytes follow

  uint64_t cas() const { return (uint64_t{cas_hi} << 16) | cas_lo; }
  void set_cas(uint64_t cas) {
    cas_lo = static_cast<uint16_t>(cas);
    cas_hi = static_cast<uint32_t>(cas >> 16);
  }
  std::size_t value_len() const {
    const auto* p = tail();
    if (*p < 128) return *p;
    std::size_t v = 0;
    for (unsigned shift = 0;; shift += 7, ++p) {
      v |= std::size_t{*p & 127u} << shift;
      if (*p < 128) return v;
    }
  }
  uint32_t flags() const {
    if (!has(kItemHasFlags)) return 0;
    uint32_t f;
    std::memcpy(&f, tail() + varint_size(value_len()), 4);
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
  std::size_t key_offset() const {
    return sizeof(Item) + varint_size(value_len()) + (has(kItemHasFlags) ? 4 : 0);
  }
};
#pragma pack(pop)

static_assert(sizeof(Item) == 16, "item header layout changed: update the size notes");

// An absolute exptime as the item stores it: 0 = never, anything at or before 1970+1s
// (already expired) = 1, beyond 2106 = the last representable second.
inline uint32_t clamp_exptime(int64_t exptime) {
  if (exptime == 0) return 0;
  if (exptime < 1) return 1;
  if (exptime > int64_t{UINT32_MAX}) return UINT32_MAX;
  return static_cast<uint32_t>(exptime);
}

inline std::size_t item_total_size(std::size_t key_len, std::size_t value_len, uint32_t flags) {
  return sizeof(Item) + varint_size(value_len) + (flags != 0 ? 4 : 0) + key_len + value_len;
}

// Writes a new item's header and key at `at` (item_total_size bytes): cas, exptime and
// time 0, no state bits. `layout` adds kItemJumbo for a block of its own.
inline Item* init_item(void* at, std::string_view key, std::size_t value_len, uint32_t flags,
                       uint8_t layout = 0) {
  auto* item = static_cast<Item*>(at);
  std::memset(item, 0, sizeof(Item));
  item->bits = static_cast<uint8_t>(layout | (flags != 0 ? kItemHasFlags : 0));
  item->key_len = static_cast<uint8_t>(key.size());
  auto* p = reinterpret_cast<uint8_t*>(item) + sizeof(Item);
  uint64_t v = value_len;
  while (v >= 128) {
    *p++ = static_cast<uint8_t>(v | 128);
    v >>= 7;
  }
  *p++ = static_cast<uint8_t>(v);
  if (flags != 0) {
    std::memcpy(p, &flags, 4);
    p += 4;
  }
  std::memcpy(p, key.data(), key.size());
  return item;
}

}  // namespace ringcache::node
