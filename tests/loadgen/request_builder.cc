#include "request_builder.h"

namespace ringcache::loadgen {

RequestBuilder::RequestBuilder(const Options& o)
    : format_(o.key_prefix, o.fill_until_evict ? o.fill_max_keys : o.key_space),
      chooser_(o.key_space, o.distribution == Distribution::kZipf, o.zipf_s) {
  set_tail_ = " 0 0 " + std::to_string(o.value_size) + "\r\n";
  // A printable, non-constant value so nothing along the way can compress it away.
  for (std::size_t i = 0; i < o.value_size; ++i) set_tail_.push_back(static_cast<char>('a' + i % 26));
  set_tail_ += "\r\n";
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
