// Item: one stored entry, a single heap block = 26-byte header + key + value (no "\r\n",
// no padding, no list pointers: the hash table slot holds the CLOCK bits). The header is
// packed so that a 10-byte key and a 100-byte value fill a 144-byte malloc chunk exactly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ringcache::node {

// Item bits (meta protocol state and access history).
enum ItemBits : uint8_t {
  kItemFetched = 1,  // read at least once since it was stored
  kItemStale = 2,    // meta: invalidated, served as stale until re-set
  kItemWinSent = 4,  // meta: a client holds the recache token
};

#pragma pack(push, 1)
struct Item {
  uint64_t cas;           // change sequence; also orders items against flush_all
  uint32_t exptime;       // absolute unix seconds; 0 = never
  uint32_t time;          // last access (store or read), unix seconds
  uint32_t value_len;
  uint32_t client_flags;
  uint8_t key_len;
  uint8_t bits;           // ItemBits
  // key bytes, then value bytes, follow

  char* data() { return reinterpret_cast<char*>(this) + sizeof(Item); }
  const char* data() const { return reinterpret_cast<const char*>(this) + sizeof(Item); }
  std::string_view key() const { return {data(), key_len}; }
  std::string_view value() const { return {data() + key_len, value_len}; }
  char* value_data() { return data() + key_len; }
  // Header + key + value: what the item holds, before allocator rounding.
  std::size_t total_size() const { return sizeof(Item) + key_len + value_len; }
  bool has(uint8_t b) const { return (bits & b) != 0; }
};
#pragma pack(pop)

static_assert(sizeof(Item) == 26, "item header layout changed: update the size notes");

// An absolute exptime as the item stores it: 0 = never, anything at or before 1970+1s
// (already expired) = 1, beyond 2106 = the last representable second.
inline uint32_t clamp_exptime(int64_t exptime) {
  if (exptime == 0) return 0;
  if (exptime < 1) return 1;
  if (exptime > int64_t{UINT32_MAX}) return UINT32_MAX;
  return static_cast<uint32_t>(exptime);
}

inline std::size_t item_total_size(std::size_t key_len, std::size_t value_len) {
  return sizeof(Item) + key_len + value_len;
}

}  // namespace ringcache::node
