// key_hash: the node's 64-bit key hash (shard, slot and tag bits all come from one call).
// wyhash "final 4" (public domain: 64x64->128 multiply-and-fold mixing, default secret),
// written out here so the output depends on this file alone. It reproduces wyhash's
// published test vectors; tests/common/key_hash_test.cc freezes them and our own keys.
#pragma once

#include <cstdint>
#include <string_view>

namespace ringcache::common {

/// Hashes `key` with `seed`; stable across platforms and releases (golden-tested).
uint64_t key_hash(std::string_view key, uint64_t seed = 0);

}  // namespace ringcache::common
