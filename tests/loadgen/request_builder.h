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
  /// A set of a key drawn from the distribution.
  void append_random_set(std::string& out, Rng& rng) const { append_set(out, chooser_.next(rng)); }

  const KeyFormat& keys() const { return format_; }

 private:
  KeyFormat format_;
  KeyChooser chooser_;
  std::string set_tail_;  // " 0 0 <size>\r\n<value>\r\n"
};

}  // namespace ringcache::loadgen
