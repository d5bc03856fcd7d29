#include "common/hash/hash_ring.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "common/hash/md5.h"

namespace ringcache::common {
namespace {

constexpr uint16_t kDefaultPort = 11211;  // both libraries omit it from the hashed name
constexpr float kPointsPerServer = 160.0F;
constexpr uint32_t kPointsPerHash = 4;

struct Point {
  uint32_t value;
  uint32_t owner;
};

uint64_t md5_u64_le(std::string_view key) {
  const Md5Digest d = md5(key);
  return uint64_t{md5_word_le(d, 0)} | uint64_t{md5_word_le(d, 1)} << 32;
}

}  // namespace

std::string ketama_server_name(const RingNode& node) {
  if (!node.name.empty()) return node.name;
  if (node.port == kDefaultPort) return node.host;
  return node.host + ":" + std::to_string(node.port);
}

uint32_t ketama_point_count(uint32_t weight, uint64_t total_weight, std::size_t node_count) {
  // Statement by statement in float, as libmemcached's update_continuum() and twemproxy's
  // ketama_update() evaluate it; keep it unfused so the rounding matches theirs.
  const float pct = static_cast<float>(weight) / static_cast<float>(total_weight);
  float v = pct * kPointsPerServer;
  v = v / 4.0F;
  v = v * static_cast<float>(node_count);
  v = v + 0.0000000001F;
  return static_cast<uint32_t>(std::floor(v)) * kPointsPerHash;
}

uint32_t jump_consistent_hash(uint64_t key, uint32_t buckets) {
  int64_t b = -1;
  int64_t j = 0;
  while (j < static_cast<int64_t>(buckets)) {
    b = j;
    key = key * 2862933555777941757ULL + 1;
    j = static_cast<int64_t>(static_cast<double>(b + 1) * (static_cast<double>(1LL << 31) /
                                                           static_cast<double>((key >> 33) + 1)));
  }
  return static_cast<uint32_t>(b);
}

HashRing::HashRing(std::vector<RingNode> nodes, HashMode mode)
    : nodes_(std::move(nodes)), mode_(mode) {
  if (nodes_.empty()) throw std::invalid_argument("hash ring: no nodes");
  for (const RingNode& n : nodes_) {
    if (n.weight == 0) throw std::invalid_argument("hash ring: zero weight for " + n.host);
  }
  if (mode_ == HashMode::kKetama) {
    build_ketama();
  } else {
    build_jump();
  }
}

void HashRing::build_ketama() {
  uint64_t total_weight = 0;
  for (const RingNode& n : nodes_) total_weight += n.weight;
  std::vector<Point> points;
  for (uint32_t idx = 0; idx < nodes_.size(); ++idx) {
    const std::string prefix = ketama_server_name(nodes_[idx]) + "-";
    const uint32_t count = ketama_point_count(nodes_[idx].weight, total_weight, nodes_.size());
    for (uint32_t i = 0; i < count / kPointsPerHash; ++i) {
      const Md5Digest d = md5(prefix + std::to_string(i));
      for (uint32_t w = 0; w < kPointsPerHash; ++w) points.push_back({md5_word_le(d, w), idx});
    }
  }
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
    return a.value != b.value ? a.value < b.value : a.owner < b.owner;
  });
  values_.reserve(points.size());
  owners_.reserve(points.size());
  for (const Point& p : points) {
    values_.push_back(p.value);
    owners_.push_back(p.owner);
  }
}

void HashRing::build_jump() {
  const uint64_t total =
      std::accumulate(nodes_.begin(), nodes_.end(), uint64_t{0},
                      [](uint64_t s, const RingNode& n) { return s + n.weight; });
  if (total > kMaxJumpBuckets) throw std::invalid_argument("hash ring: total weight too large");
  buckets_.reserve(total);
  for (uint32_t idx = 0; idx < nodes_.size(); ++idx)
    buckets_.insert(buckets_.end(), nodes_[idx].weight, idx);
}

std::size_t HashRing::node_for(std::string_view key) const {
  if (mode_ == HashMode::kJump) {
    return buckets_[jump_consistent_hash(md5_u64_le(key), static_cast<uint32_t>(buckets_.size()))];
  }
  const uint32_t h = md5_word_le(md5(key), 0);
  auto it = std::lower_bound(values_.begin(), values_.end(), h);
  if (it == values_.end()) it = values_.begin();
  return owners_[static_cast<std::size_t>(it - values_.begin())];
}

std::size_t HashRing::points_of(std::size_t index) const {
  return static_cast<std::size_t>(std::count(owners_.begin(), owners_.end(), index));
}

}  // namespace ringcache::common
