// ProxySession, routing side: requests to nodes, and their replies back into the slots.
#include <algorithm>

#include "common/protocol/request_writer.h"
#include "common/protocol/text_writer.h"
#include "proxy/route/failover_reply.h"
#include "proxy/route/meta_key.h"
#include "proxy/server/proxy_session.h"
#include "proxy/server/reply_counter.h"
#include "proxy/server/stats_report.h"

namespace ringcache::proxy {

using common::Command;
using common::ResponseExpect;
namespace text = common::text;

bool ProxySession::owner(const common::Request& req, std::size_t& pool, std::size_t& node) {
  const RouteTree& tree = *worker_.tree();
  pool = tree.listener_pool(listener_);
  const std::optional<std::string_view> key = routing_key(req, key_buf_);
  if (!key) return false;
  node = tree.pools()[pool].ring.node_for(*key);
  return true;
}

ProxySession::Plan ProxySession::plan_for(Command command, uint32_t keys, std::size_t pool,
                                          std::size_t node) {
  return Plan{command, keys, false, &worker_.node_counters(pool, node)};
}

void ProxySession::route_keyed(const common::Request& req) {
  std::size_t pool = 0;
  std::size_t node = 0;
  if (!owner(req, pool, node)) {
    reply_now("CLIENT_ERROR error decoding key\r\n");
    return;
  }
  if (req.too_large) {
    reject_too_large(req, pool, node);
    return;
  }
  Plan plan = plan_for(req.command, 1, pool, node);
  plan.quiet = req.protocol == common::Protocol::kMeta && req.meta.has('q');
  // Every request sent to a node gets exactly one reply back, so the connection to it stays
  // in step: noreply and q are answered (or hidden) here, not by the node.
  std::string_view wire = req.raw;
  if (req.noreply) {
    request_.noreply = false;
    wire_.clear();
    common::write_request(wire_, request_);
    request_.noreply = true;
    wire = wire_;
  } else if (plan.quiet) {
    wire_.clear();
    common::write_meta(wire_, req.raw, {.drop = "q", .add = {}});
    wire = wire_;
  }
  uint64_t seq = kNoSlot;
  if (!req.noreply) {
    seq = open_slot();
    // Until the node answers, the slot holds what the client gets if it cannot.
    append_failover_reply(req, worker_.tree()->config().write_failover_reply, slot(seq).reply);
  }
  send_keyed(plan, seq, pool, node, wire, *common::expect_for(req.command));
}

void ProxySession::reject_too_large(const common::Request& req, std::size_t pool,
                                    std::size_t node) {
  if (!req.noreply) reply_now(text::kTooLarge);
  // memcached drops the old value of a set it refused, so a later get misses.
  if (req.command != Command::kSet) return;
  wire_.clear();
  common::write_delete(wire_, req.key);
  send_keyed(plan_for(Command::kNone, 0, pool, node), kNoSlot, pool, node, wire_,
             ResponseExpect::kDelete);
}

void ProxySession::route_retrieval(const common::Request& req) {
  if (req.keys.empty()) {  // gat with no key: memcached answers a bare END
    reply_now(text::kEnd);
    return;
  }
  const RouteTree& tree = *worker_.tree();
  const std::size_t pool = tree.listener_pool(listener_);
  const common::HashRing& ring = tree.pools()[pool].ring;
  owners_.clear();
  for (std::string_view k : req.keys) owners_.push_back(ring.node_for(k));  // md5 once per key
  const std::size_t node = owners_.front();
  const bool one_node = std::all_of(owners_.begin() + 1, owners_.end(),
                                    [node](std::size_t n) { return n == node; });
  if (!one_node) {
    route_multi_get(req, pool, &owners_);
    return;
  }
  // All keys on one node: forward as received and pass the reply through.
  const uint64_t seq = open_slot();
  slot(seq).reply.assign(text::kEnd);
  send_keyed(plan_for(req.command, static_cast<uint32_t>(req.keys.size()), pool, node), seq, pool,
             node, req.raw, ResponseExpect::kValues);
}

void ProxySession::route_multi_get(const common::Request& req, std::size_t pool,
                                   const std::vector<std::size_t>* owners) {
  if (owners == nullptr) {
    const common::HashRing& ring = worker_.tree()->pools()[pool].ring;
    owners_.clear();
    for (std::string_view k : req.keys) owners_.push_back(ring.node_for(k));
    owners = &owners_;
  }
  const uint64_t seq = open_slot();
  Slot& s = slot(seq);
  s.command = req.command;
  s.multi = spare_multi_ ? std::move(spare_multi_) : std::make_unique<MultiGet>();
  s.multi->reset(req.keys, *owners);
  const auto parts = s.multi->parts();
  s.waiting = static_cast<uint32_t>(parts.size()) + 1;  // +1: not complete while sending
  for (std::size_t i = 0; i < parts.size(); ++i) {
    wire_.clear();
    common::write_retrieval(wire_, req.command, parts[i].keys, req.exptime);
    Plan plan =
        plan_for(req.command, static_cast<uint32_t>(parts[i].keys.size()), pool, parts[i].node);
    send(pool, parts[i].node, wire_, ResponseExpect::kValues,
         [self = shared_from_this(), seq, i, plan](BackendResult&& r) {
           self->on_part(seq, i, plan, std::move(r));
         });
  }
  release_wait(seq);
}

void ProxySession::route_flush_all(const common::Request& req) {
  worker_.counters()[Stat::kCmdFlush].add();
  const RouteTree& tree = *worker_.tree();
  const std::size_t pool = tree.listener_pool(listener_);
  const std::size_t nodes = tree.pools()[pool].addresses.size();
  uint64_t seq = kNoSlot;
  if (!req.noreply) {
    seq = open_slot();
    slot(seq).reply.assign(text::kOk);
    slot(seq).waiting = static_cast<uint32_t>(nodes) + 1;
  }
  wire_.clear();
  common::write_flush_all(wire_, req.exptime);
  for (std::size_t node = 0; node < nodes; ++node) {
    Plan plan = plan_for(Command::kFlushAll, 0, pool, node);
    send(pool, node, wire_, ResponseExpect::kFlushAll,
         [self = shared_from_this(), seq, plan](BackendResult&& r) {
           self->on_fanout(seq, plan, std::move(r));
         });
  }
  if (seq != kNoSlot) release_wait(seq);
}

void ProxySession::send(std::size_t pool, std::size_t node, std::string_view wire,
                        ResponseExpect expect, ReplyCallback done) {
  ++outstanding_;
  counters_[Stat::kBackendRequests].add();
  worker_.backend(pool, node).send(wire, expect, std::move(done));
}

void ProxySession::send_keyed(const Plan& plan, uint64_t seq, std::size_t pool, std::size_t node,
                              std::string_view wire, ResponseExpect expect) {
  send(pool, node, wire, expect, [self = shared_from_this(), plan, seq](BackendResult&& r) {
    self->on_reply(plan, seq, std::move(r));
  });
}

void ProxySession::received(const Plan& plan, BackendStatus status) {
  --outstanding_;
  NodeCounters::PerWorker& n = *plan.node;
  n.requests.add();
  switch (status) {
    case BackendStatus::kOk:
      n.is_down.store(false, std::memory_order_relaxed);
      return;
    case BackendStatus::kDown:
      n.down.add();
      n.is_down.store(true, std::memory_order_relaxed);
      break;
    case BackendStatus::kFailed:
      n.failed.add();
      break;
    case BackendStatus::kTimeout:
      n.timeouts.add();
      break;
  }
  counters_[Stat::kFailovers].add();
}

void ProxySession::on_reply(const Plan& plan, uint64_t seq, BackendResult&& result) {
  received(plan, result.status);
  const bool ok = result.status == BackendStatus::kOk;
  if (plan.command != Command::kNone) {
    count_reply(counters_, plan.command, plan.keys, ok ? &result.response : nullptr);
  }
  if (closed_) return;
  if (seq != kNoSlot) {
    const bool hidden = ok && plan.quiet && quiet_hides(plan.command, result.response.code);
    if (ok && seq == first_seq_) {
      // Nothing owed before it: straight to the output. The bytes stay with the backend,
      // which reuses them for its next reply.
      const std::string_view reply = hidden ? std::string_view{} : std::string_view(result.bytes);
      emit([reply](std::string& out) { out.append(reply); });
    } else {
      Slot& s = slot(seq);
      if (hidden) {
        s.reply.clear();
      } else if (ok) {
        s.reply = std::move(result.bytes);
      }
      finish_slot(s);
      emit();
    }
  }
  update_reading();
}

void ProxySession::on_part(uint64_t seq, std::size_t part, const Plan& plan,
                           BackendResult&& result) {
  received(plan, result.status);
  if (closed_) return;
  if (result.status == BackendStatus::kOk) {
    // A copy: the backend keeps its buffer for the next reply.
    slot(seq).multi->set_reply(part, result.response, result.bytes);
  }
  release_wait(seq);
}

void ProxySession::on_fanout(uint64_t seq, const Plan& plan, BackendResult&& result) {
  received(plan, result.status);
  if (closed_) return;
  if (seq == kNoSlot) {
    update_reading();  // the in-flight count fell
    return;
  }
  release_wait(seq);
}

void ProxySession::release_wait(uint64_t seq) {
  Slot& s = slot(seq);
  if (--s.waiting > 0) return;
  if (s.multi) {
    std::unique_ptr<MultiGet> multi = std::move(s.multi);
    const Command command = s.command;
    std::size_t hits = 0;
    if (seq == first_seq_) {  // nothing owed before it: merged straight into the output
      emit([&](std::string& out) { hits = multi->merge(out); });
    } else {
      hits = multi->merge(s.reply);
      finish_slot(s);
      emit();
    }
    count_retrieval(counters_, command, multi->key_count(), hits);
    // One spare is enough while a client waits for each multi-get before the next.
    if (!spare_multi_ && multi->footprint() <= kMaxSpareMultiBytes) spare_multi_ = std::move(multi);
    update_reading();
    return;
  }
  if (s.node_stats) {
    write_general_stats(worker_.shared(), *worker_.tree(), *s.node_stats, s.reply);
    s.node_stats.reset();
  }
  finish_slot(s);
  emit();
  update_reading();
}

}  // namespace ringcache::proxy
