// An immutable consistent-hash ring: which node of a pool owns a key.
//
// kKetama (default) is bit-compatible with libmemcached's MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED
// (pylibmc `ketama_weighted`, php-memcached's OPT_LIBKETAMA_COMPATIBLE) and with twemproxy's
// `distribution: ketama` + `hash: md5`:
//   - each node is hashed under ketama_server_name(): its `name` when set (twemproxy's
//     "host:port:weight name"), else `host` when the port is 11211, else `host:port`;
//   - a node gets floor(weight/total * 40 * n + 1e-10) * 4 points, computed in single
//     precision exactly as both implementations do (a tiny weight can round to 0 points);
//   - MD5("<server name>-<i>") for i = 0.. gives four points, the digest's 32-bit
//     little-endian words; points are sorted by value, ties by node index;
//   - a key goes to the first point >= the little-endian word 0 of MD5(key), wrapping
//     around to the first point.
// Where the references differ (checked by tests/compat/ketama against the real ones):
//   - twemproxy hashes an explicit server name verbatim; libmemcached has no names. Without a
//     name both use the same host / host:port rule, with the host spelled as configured
//     (a DNS name and its IP address are different ring names).
//   - twemproxy formats "name-i" into an 86-byte buffer, so names past ~80 bytes hash
//     truncated there; the config caps names at 64 bytes so both agree.
//   - libmemcached's unweighted KETAMA (pylibmc {"ketama": True} with every weight 1) is a
//     different ring: 100 points a server, one per hash, keys hashed with the client's hash
//     function. Clients must use ketama_weighted (libmemcached also switches to it by itself
//     as soon as one weight is > 1).
//   - Both rebuild the ring without ejected servers when auto-eject is on; this ring never
//     changes because a node failed (the proxy answers for it instead).
// kJump is a stable integer mode: Lamping & Veach's jump consistent hash over the 64-bit
// little-endian word 0..7 of MD5(key), with each node owning `weight` consecutive buckets.
// Appending nodes (or raising the last node's weight) moves only the keys that must move;
// removing or reweighting a node in the middle reshuffles. Compatible with no client.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringcache::common {

/// How a HashRing maps keys to nodes.
enum class HashMode : uint8_t { kKetama, kJump };

/// One member of a ring.
struct RingNode {
  std::string host;
  uint16_t port = 11211;
  uint32_t weight = 1;
  std::string name;  ///< optional; when set, ketama hashes it instead of host[:port]

  bool operator==(const RingNode&) const = default;
};

/// The string ketama hashes for a node (see the file comment).
std::string ketama_server_name(const RingNode& node);

/// Ketama point count for a node of `weight` among `node_count` nodes weighing `total_weight`.
uint32_t ketama_point_count(uint32_t weight, uint64_t total_weight, std::size_t node_count);

/// Jump consistent hash: a bucket in [0, buckets) for `key`; buckets must be > 0.
uint32_t jump_consistent_hash(uint64_t key, uint32_t buckets);

class HashRing {
 public:
  /// Largest sum of weights a kJump ring accepts (one bucket per weight unit).
  static constexpr uint64_t kMaxJumpBuckets = 1u << 20;

  /// Builds the ring. Throws std::invalid_argument on an empty list, a zero weight, or
  /// (kJump) a total weight above kMaxJumpBuckets.
  explicit HashRing(std::vector<RingNode> nodes, HashMode mode = HashMode::kKetama);

  /// Index into nodes() of the node that owns `key`.
  std::size_t node_for(std::string_view key) const;

  /// The nodes in the order given; node_for() indexes into this.
  const std::vector<RingNode>& nodes() const { return nodes_; }
  HashMode mode() const { return mode_; }

  /// Number of ketama points (0 in kJump mode).
  std::size_t point_count() const { return values_.size(); }
  /// Number of ketama points owned by node `index` (0 in kJump mode).
  std::size_t points_of(std::size_t index) const;

 private:
  void build_ketama();
  void build_jump();

  std::vector<RingNode> nodes_;
  HashMode mode_;
  // kKetama: sorted point values and, in parallel, the owning node (values alone are
  // searched, so the hot array is 4 bytes a point).
  std::vector<uint32_t> values_;
  std::vector<uint32_t> owners_;
  // kJump: bucket -> node index.
  std::vector<uint32_t> buckets_;
};

}  // namespace ringcache::common
