// A log-linear latency histogram (HdrHistogram-like): 64 sub-buckets per power of two, so a
// percentile is within 1.6% of the true value; fixed size, mergeable across threads.
#pragma once

#include <array>
#include <cstdint>

namespace ringcache::loadgen {

class Histogram {
 public:
  static constexpr int kSubBits = 6;
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;
  static constexpr int kBuckets = (64 - kSubBits + 1) * static_cast<int>(kSub);

  /// Records one value (nanoseconds here).
  void record(uint64_t value);
  /// Adds every count of other.
  void merge(const Histogram& other);
  /// The value at quantile q in [0, 1] (midpoint of its bucket, never above max); 0 when empty.
  uint64_t quantile(double q) const;

  /// Values below `limit`: cumulative counts for a printed distribution.
  uint64_t count_below(uint64_t limit) const;

  uint64_t count() const { return count_; }
  uint64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0; }

  static int bucket_of(uint64_t value);
  static uint64_t bucket_low(int index);
  static uint64_t bucket_width(int index);

 private:
  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  uint64_t max_ = 0;
  uint64_t sum_ = 0;
};

}  // namespace ringcache::loadgen
