// libFuzzer target for the node's command execution, end to end and in-process: bytes go
// through a NodeSession (parsers, executors, stats, auth state) into a real Cache with a
// small memory limit, as a connection feeds them (in chunks, keeping what was not
// consumed). It checks that every batch of replies frames into well-formed replies, that
// the cache never charges more than its limit, and that once everything is flushed and
// reclaimed no item, byte or charge is left over.
//
// Input: byte 0 picks the settings (-C, -M, -B, -A), byte 1 the chunk size and how far
// the clock moves between chunks; the rest is what the client sends.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/util/clock.h"
#include "node/exec/node_context.h"
#include "node/exec/node_session.h"
#include "node/server/settings.h"
#include "node/storage/cache.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/reply_frames.h"

namespace {

using namespace ringcache::fuzz;
using ringcache::node::Cache;
using ringcache::node::CacheOptions;
using ringcache::node::ConnectionStats;
using ringcache::node::NodeContext;
using ringcache::node::NodeSession;
using ringcache::node::Settings;
using ringcache::node::WorkerStats;

// Small enough that a few kilobytes of input fill the cache and evict.
constexpr std::size_t kMemoryLimit = 64u << 10;
constexpr std::size_t kItemSizeMax = 8u << 10;

Settings settings_from(uint8_t b) {
  static constexpr const char* kProtocols[] = {"auto", "ascii", "binary", "auto"};
  Settings s;
  s.memory_limit = kMemoryLimit;
  s.item_size_max = kItemSizeMax;
  s.use_cas = (b & 1) == 0;
  s.evict = (b & 2) == 0;
  s.protocol = kProtocols[(b >> 2) & 3];
  s.shutdown_enabled = (b & 16) != 0;
  return s;
}

class Node {
 public:
  explicit Node(const Settings& settings) : settings_(settings) {
    CacheOptions options;
    options.memory_limit = settings_.memory_limit;
    options.item_size_max = settings_.item_size_max;
    options.use_cas = settings_.use_cas;
    options.evict = settings_.evict;
    cache_.emplace(options, clock_);
    context_.reset(new NodeContext{*cache_, settings_, clock_, connections_});
    context_->workers = {&worker_};
    context_->start_time = clock_.now() - 10;
    context_->request_shutdown = [] {};
    context_->describe_connections = [](std::string& out) {
      out += "STAT 5:addr tcp:127.0.0.1:40000\r\nSTAT 5:state conn_parse_cmd\r\n";
    };
    session_.emplace(*context_, worker_);
  }

  // Hands over `pending` the way a connection does, until the session wants more bytes.
  // Returns false once the session asked to close.
  bool feed(std::string& pending, bool binary) {
    for (int calls = 0; calls < 1024 && !pending.empty(); ++calls) {
      std::string out;
      bool close = false;
      const std::size_t used = session_->on_input(pending, out, close);
      check(used <= pending.size());
      binary ? check_binary_replies(out) : check_text_replies(out);
      check_memory();
      pending.erase(0, used);
      if (close) return false;
      if (used == 0) break;
    }
    return true;
  }

  void check_memory() const {
    const auto st = cache_->stats();
    check(st.memory_used <= st.limit_maxbytes);
  }

  // With every item flushed and reclaimed, only the fixed structures stay charged.
  void check_empty_after_flush() {
    const auto before = cache_->stats();
    cache_->flush_all(0);
    clock_.advance(1);
    cache_->reclaim_expired(~std::size_t{0} >> 1);
    const auto st = cache_->stats();
    check(st.curr_items == 0 && st.bytes == 0);
    check(st.memory_used - st.hash_bytes == fixed_charge_ &&
          before.memory_used >= st.memory_used);
  }

  void remember_fixed_charge() {
    const auto st = cache_->stats();
    fixed_charge_ = st.memory_used - st.hash_bytes;
  }

  ringcache::common::FakeClock& clock() { return clock_; }

 private:
  ringcache::common::FakeClock clock_;
  Settings settings_;
  std::optional<Cache> cache_;
  ConnectionStats connections_;
  WorkerStats worker_;
  std::unique_ptr<NodeContext> context_;
  std::optional<NodeSession> session_;
  std::size_t fixed_charge_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const Settings settings = settings_from(data[0]);
  const std::size_t chunk = 1 + static_cast<std::size_t>(data[1] & 63) * 29;
  const int64_t tick = data[1] >> 6;  // seconds per chunk: 0..3, so exptimes come due
  std::string_view in = as_view(data + 2, size - 2);
  const bool binary = settings.protocol == "binary" ||
                      (settings.protocol == "auto" && !in.empty() &&
                       static_cast<uint8_t>(in[0]) == ringcache::common::binary::kRequestMagic);
  Node node(settings);
  node.remember_fixed_charge();
  std::string pending;
  while (!in.empty()) {
    const std::size_t n = in.size() < chunk ? in.size() : chunk;
    pending.append(in.substr(0, n));
    in.remove_prefix(n);
    if (!node.feed(pending, binary)) break;
    node.clock().advance(tick);
  }
  node.check_empty_after_flush();
  return 0;
}
