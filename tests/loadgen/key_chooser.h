// Random numbers, key choice (uniform or Zipf) and key formatting for the generator.
#pragma once

#include <cstdint>
#include <string>

namespace ringcache::loadgen {

/// xoshiro256**: a few cycles per number, so choosing keys never shows up in a profile.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t next();
  /// Uniform in [0, n) (Lemire's multiply-shift; the bias is below 2^-40 for our n).
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<__uint128_t>(next()) * n) >> 64); }
  /// Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t s_[4];
};

/// Zipf over ranks 1..n with P(k) ~ k^-s, by rejection-inversion (Hörmann and Derflinger
/// 1996): O(1) per sample and no table, so any key space and any s > 0 work, s == 1 included.
class ZipfSampler {
 public:
  ZipfSampler(uint64_t n, double s);
  uint64_t sample(Rng& rng) const;  // a rank in [1, n]

 private:
  double h(double x) const;
  double h_integral(double x) const;
  double h_integral_inverse(double x) const;

  uint64_t n_;
  double s_;
  double h_integral_x1_;
  double h_integral_n_;
  double threshold_;
};

/// Picks key indexes in [0, key_space): uniform, or Zipf where index 0 is the hottest.
class KeyChooser {
 public:
  KeyChooser(uint64_t key_space, bool zipf, double zipf_s);
  uint64_t next(Rng& rng) const { return zipf_ ? sampler_.sample(rng) - 1 : rng.below(key_space_); }

 private:
  uint64_t key_space_;
  bool zipf_;
  ZipfSampler sampler_;
};

/// Keys are PREFIX + index zero-padded to a fixed width (at least 6 digits: key:000042), so
/// every key of a run has the same length and the servers see the same bytes.
class KeyFormat {
 public:
  KeyFormat(std::string prefix, uint64_t key_space);
  void append(std::string& out, uint64_t index) const;
  std::string key(uint64_t index) const;
  std::size_t length() const { return prefix_.size() + width_; }

 private:
  std::string prefix_;
  int width_;
};

}  // namespace ringcache::loadgen
