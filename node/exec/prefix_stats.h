// PrefixStats: memcached's `stats detail` counters, per key prefix (the part of a key
// before the first ':'). Recorded only while `stats detail on`, so a mutex is fine.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace ringcache::node {

class PrefixStats {
 public:
  /// A get (or gat) of `key`; `hit` when it was found.
  void record_get(std::string_view key, bool hit);
  /// A storage command for `key`.
  void record_set(std::string_view key);
  /// A delete of `key`.
  void record_delete(std::string_view key);
  /// Appends "PREFIX <p> get <n> hit <n> set <n> del <n>" lines (by prefix) and END.
  void dump(std::string& out) const;
  /// Forgets every prefix (`stats reset`).
  void clear();

 private:
  struct Entry {
    uint64_t gets = 0, hits = 0, sets = 0, deletes = 0;
  };
  // Null when the key has no delimiter: memcached does not count such keys.
  Entry* find(std::string_view key);

  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace ringcache::node
