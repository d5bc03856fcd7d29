// Composes get/set requests straight into a connection's output buffer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "key_chooser.h"
#include "options.h"

namespace ringcache::loadgen {

class RequestBuilder {
 public:
  explicit RequestBuilder(const Options& options);

  /// "get k1 ... kK\r\n" with keys from the configured distribution.
  void append_get(std::string& out, Rng& rng, int keys) const;
  /// "set <key> 0 0 <size>\r\n<value>\r\n" for the key with this index.
  void append_set(std::string& out, uint64_t index) const;
  /// A set of a key drawn from the distribution.
  void append_random_set(std::string& out, Rng& rng) const { append_set(out, chooser_.next(rng)); }

  /// The value size of the key with this index: --value-size, or one of --value-sizes
  /// chosen by a hash of the index (so a key keeps its size across runs).
  std::size_t value_size(uint64_t index) const { return set_tails_[tail_of(index)].second; }

  const KeyFormat& keys() const { return format_; }

 private:
  std::size_t tail_of(uint64_t index) const;

  KeyFormat format_;
  KeyChooser chooser_;
  // Per value size: " 0 0 <size>\r\n<value>\r\n" and the size.
  std::vector<std::pair<std::string, std::size_t>> set_tails_;
};

/// A printable, non-constant value of this size, so nothing along the way can compress it away.
std::string make_value(std::size_t size);

}  // namespace ringcache::loadgen
