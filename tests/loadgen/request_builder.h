// Composes get/set requests straight into a connection's output buffer.
#pragma once

#include <cstdint>
#include <string>

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
  /// A set of a key drawn from the distribution (of a random size with --value-size-max).
  void append_random_set(std::string& out, Rng& rng) const;

  const KeyFormat& keys() const { return format_; }

 private:
  KeyFormat format_;
  KeyChooser chooser_;
  std::string set_tail_;  // " 0 0 <size>\r\n<value>\r\n"
  std::string pattern_;   // the longest value; mixed sizes send a prefix of it
  std::size_t min_size_;
  double size_ratio_log_;  // ln(max / min); 0 for one size
};

}  // namespace ringcache::loadgen
