#include "key_chooser.h"

#include <algorithm>
#include <cmath>

namespace ringcache::loadgen {
namespace {

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// log1p(x)/x and expm1(x)/x, continuous at 0.
double helper1(double x) {
  return std::abs(x) > 1e-8 ? std::log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
}
double helper2(double x) {
  return std::abs(x) > 1e-8 ? std::expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x));
}

}  // namespace

Rng::Rng(uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

uint64_t Rng::next() {
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

ZipfSampler::ZipfSampler(uint64_t n, double s) : n_(std::max<uint64_t>(n, 1)), s_(s) {
  h_integral_x1_ = h_integral(1.5) - 1.0;
  h_integral_n_ = h_integral(static_cast<double>(n_) + 0.5);
  threshold_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
}

double ZipfSampler::h(double x) const { return std::exp(-s_ * std::log(x)); }

double ZipfSampler::h_integral(double x) const {
  double log_x = std::log(x);
  return helper2((1.0 - s_) * log_x) * log_x;
}

double ZipfSampler::h_integral_inverse(double x) const {
  double t = std::max(x * (1.0 - s_), -1.0);
  return std::exp(helper1(t) * x);
}

uint64_t ZipfSampler::sample(Rng& rng) const {
  // Bounded: the acceptance rate is above 0.5 for every n and s, so 64 rounds fail with
  // probability below 2^-64; the fallback keeps the loop finite regardless.
  for (int round = 0; round < 64; ++round) {
    double u = h_integral_n_ + rng.unit() * (h_integral_x1_ - h_integral_n_);
    double x = h_integral_inverse(u);
    double kd = std::clamp(std::floor(x + 0.5), 1.0, static_cast<double>(n_));
    if (kd - x <= threshold_ || u >= h_integral(kd + 0.5) - h(kd)) return static_cast<uint64_t>(kd);
  }
  return 1;
}

KeyChooser::KeyChooser(uint64_t key_space, bool zipf, double zipf_s)
    : key_space_(std::max<uint64_t>(key_space, 1)), zipf_(zipf), sampler_(key_space_, zipf_s) {}

KeyFormat::KeyFormat(std::string prefix, uint64_t key_space) : prefix_(std::move(prefix)), width_(6) {
  for (uint64_t top = key_space > 0 ? key_space - 1 : 0; top >= 1'000'000; top /= 10) ++width_;
}

void KeyFormat::append(std::string& out, uint64_t index) const {
  char digits[24];
  for (int i = width_ - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + index % 10);
    index /= 10;
  }
  out.append(prefix_);
  out.append(digits, static_cast<std::size_t>(width_));
}

std::string KeyFormat::key(uint64_t index) const {
  std::string k;
  append(k, index);
  return k;
}

}  // namespace ringcache::loadgen
