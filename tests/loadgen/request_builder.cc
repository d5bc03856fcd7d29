#include "request_builder.h"

namespace ringcache::loadgen {

std::string make_value(std::size_t size) {
  std::string value;
  value.reserve(size);
  for (std::size_t i = 0; i < size; ++i) value.push_back(static_cast<char>('a' + i % 26));
  return value;
}

RequestBuilder::RequestBuilder(const Options& o)
    : format_(o.key_prefix, o.fill_until_evict ? o.fill_max_keys : o.key_space),
      chooser_(o.key_space, o.distribution == Distribution::kZipf, o.zipf_s) {
  std::vector<std::size_t> sizes = o.value_sizes;
  if (sizes.empty()) sizes.push_back(o.value_size);
  for (std::size_t size : sizes)
    set_tails_.emplace_back(" 0 0 " + std::to_string(size) + "\r\n" + make_value(size) + "\r\n", size);
}

std::size_t RequestBuilder::tail_of(uint64_t index) const {
  if (set_tails_.size() == 1) return 0;
  // splitmix64's finalizer: neighbouring indexes get unrelated sizes.
  uint64_t z = index + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<std::size_t>(z % set_tails_.size());
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
  out.append(set_tails_[tail_of(index)].first);
}

}  // namespace ringcache::loadgen
