// Helpers shared by the storage tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "node/storage/cache.h"

namespace ringcache::node::testing {

struct Got {
  std::string value;
  uint32_t flags = 0;
  uint64_t cas = 0;
  int64_t exptime = 0;
};

inline std::optional<Got> fetch(Cache& cache, std::string_view key,
                                std::optional<int64_t> new_exptime = std::nullopt) {
  std::optional<Got> out;
  cache.get(
      key,
      [&](const ItemView& item) {
        out = Got{std::string(item.value), item.flags, item.cas, item.exptime};
      },
      new_exptime);
  return out;
}

inline std::optional<std::string> value_of(Cache& cache, std::string_view key) {
  auto got = fetch(cache, key);
  if (!got) return std::nullopt;
  return got->value;
}

inline StoreResult put(Cache& cache, std::string_view key, std::string_view value,
                       StoreMode mode = StoreMode::kSet, int64_t exptime = 0, uint32_t flags = 0,
                       uint64_t cas = 0, uint64_t* cas_out = nullptr) {
  StoreArgs args;
  args.mode = mode;
  args.key = key;
  args.value = value;
  args.exptime = exptime;
  args.flags = flags;
  args.cas = cas;
  return cache.store(args, cas_out);
}

}  // namespace ringcache::node::testing
