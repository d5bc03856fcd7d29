// What the meta commands share: the key (decoded for flag b), the request's flags in
// the order sent (replies echo them in that order), and memcached's clock arithmetic
// for the numbers it reports (t, l, me's exp/la/size/cls).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/protocol/request.h"
#include "common/protocol/text_tokenizer.h"
#include "node/exec/node_context.h"

namespace ringcache::node::meta {

// The key a meta request names: base64-decoded when the request has flag b.
class MetaKey {
 public:
  explicit MetaKey(const common::Request& req);
  bool ok() const { return !key_.empty(); }  // false: b given and the key did not decode
  std::string_view view() const { return key_; }
  bool binary() const { return binary_; }

 private:
  char buf_[common::text::kKeyMaxLength];
  std::string_view key_;
  bool binary_ = false;
};

// One flag token: its letter and the text after it ("O123" -> 'O', "123").
struct FlagToken {
  char flag = 0;
  std::string_view token;   // without the letter
  std::string_view whole;   // with it
};

// The request's flag tokens in the order sent (the parser keeps only a set).
class FlagList {
 public:
  explicit FlagList(const common::Request& req);
  std::size_t size() const { return count_; }
  const FlagToken* begin() const { return flags_; }
  const FlagToken* end() const { return flags_ + count_; }

 private:
  FlagToken flags_[common::text::kMaxTokens];
  std::size_t count_ = 0;
};

// memcached keeps time as seconds since its process started (less 60 s), in 32 bits.
// These give what it prints for an item with our absolute (unix) times.
class MetaClock {
 public:
  explicit MetaClock(const NodeContext& context);
  int64_t now() const { return now_; }
  // Flag t: -1 without expiry, else the remaining seconds as memcached's unsigned
  // difference (a TTL set in the past by this very request shows as a huge number).
  int64_t ttl(int64_t exptime) const;
  // Flag l / me la: seconds since the last access.
  uint64_t since(int64_t time) const;
  // me exp: -1 without expiry, else memcached's current_time - exptime as a signed int.
  int64_t exp(int64_t exptime) const;

 private:
  int64_t relative(int64_t absolute) const;
  int64_t now_;
  int64_t started_;  // memcached's process_started: 60 s before the node started
};

/// Absolute exptime of a meta TTL token already validated by the parser (T, N).
int64_t absolute_ttl(std::string_view token, int64_t now);

/// memcached's ITEM_ntotal for an item (me size).
std::size_t memcached_item_size(std::size_t key_len, std::size_t value_len, uint32_t flags,
                                bool use_cas);
/// memcached's slab class for an item of that size, with default slab settings
/// (1 MiB pages, -n and -f as configured).
unsigned memcached_slab_class(std::size_t item_size, const Settings& settings);

}  // namespace ringcache::node::meta
