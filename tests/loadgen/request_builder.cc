#include "request_builder.h"

#include <algorithm>
#include <cmath>

namespace ringcache::loadgen {

RequestBuilder::RequestBuilder(const Options& o)
    : format_(o.key_prefix, o.fill_until_evict ? o.fill_max_keys : o.key_space),
      chooser_(o.key_space, o.distribution == Distribution::kZipf, o.zipf_s),
      min_size_(o.value_size) {
  // A printable, non-constant value so nothing along the way can compress it away.
  const std::size_t longest = std::max(o.value_size, o.value_size_max);
  for (std::size_t i = 0; i < longest; ++i) pattern_.push_back(static_cast<char>('a' + i % 26));
  set_tail_ =
      " 0 0 " + std::to_string(o.value_size) + "\r\n" + pattern_.substr(0, o.value_size) + "\r\n";
  size_ratio_log_ = longest > o.value_size
                        ? std::log(static_cast<double>(longest) / static_cast<double>(o.value_size))
                        : 0.0;
}

void RequestBuilder::append_random_set(std::string& out, Rng& rng) const {
  if (size_ratio_log_ == 0.0) {
    append_set(out, chooser_.next(rng));
    return;
  }
  const auto size =
      std::min(pattern_.size(), static_cast<std::size_t>(static_cast<double>(min_size_) *
                                                         std::exp(rng.unit() * size_ratio_log_)));
  out.append("set ", 4);
  format_.append(out, chooser_.next(rng));
  out.append(" 0 0 ").append(std::to_string(size)).append("\r\n");
  out.append(pattern_, 0, size).append("\r\n");
}

void RequestBuilder::append_get(std::string& out, Rng& rng, int keys) const {
  out.append("get", 3);
  for (int i = 0; i < keys; ++i) {
    out.push_back(' ');
    format_.append(out, chooser_.next(rng));
  }
  out.append("\r\n", 2);
}

void RequestBuilder::append_set(std::string& out, uint64_t index) const {
  out.append("set ", 4);
  format_.append(out, index);
  out.append(set_tail_);
}

}  // namespace ringcache::loadgen
