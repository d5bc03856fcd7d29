#include "histogram.h"

#include <algorithm>
#include <cmath>

namespace ringcache::loadgen {

int Histogram::bucket_of(uint64_t value) {
  if (value < kSub) return static_cast<int>(value);
  int msb = 63 - __builtin_clzll(value);
  int shift = msb - kSubBits;
  return (shift + 1) * static_cast<int>(kSub) + static_cast<int>((value >> shift) & (kSub - 1));
}

uint64_t Histogram::bucket_low(int index) {
  if (index < static_cast<int>(kSub)) return static_cast<uint64_t>(index);
  int shift = index / static_cast<int>(kSub) - 1;
  return (kSub + static_cast<uint64_t>(index % static_cast<int>(kSub))) << shift;
}

uint64_t Histogram::bucket_width(int index) {
  return index < static_cast<int>(kSub) ? 1 : uint64_t{1} << (index / static_cast<int>(kSub) - 1);
}

void Histogram::record(uint64_t value) {
  ++counts_[static_cast<std::size_t>(bucket_of(value))];
  ++count_;
  sum_ += value;
  max_ = std::max(max_, value);
}

void Histogram::merge(const Histogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

uint64_t Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::max<uint64_t>(rank, 1);
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[static_cast<std::size_t>(i)];
    if (seen >= rank) return std::min(bucket_low(i) + bucket_width(i) / 2, max_);
  }
  return max_;
}

uint64_t Histogram::count_below(uint64_t limit) const {
  uint64_t n = 0;
  for (int i = 0; i < kBuckets && bucket_low(i) + bucket_width(i) <= limit; ++i)
    n += counts_[static_cast<std::size_t>(i)];
  return n;
}

}  // namespace ringcache::loadgen
