// ProxySession, `stats` and `stats reset`: both go to every node of the listener's pool.
// `stats` answers once every node has answered (or failed over) with the proxy's own fields
// and the nodes' sums (node_stats_sum.h); `stats reset` resets the proxy's counters and the
// nodes', and answers RESET.
#include "common/protocol/text_writer.h"
#include "proxy/server/proxy_session.h"
#include "proxy/server/stats_report.h"

namespace ringcache::proxy {

namespace text = common::text;

void ProxySession::route_stats(bool reset) {
  const RouteTree& tree = *worker_.tree();
  const std::size_t pool = tree.listener_pool(listener_);
  const std::size_t nodes = tree.pools()[pool].addresses.size();
  const uint64_t seq = open_slot();
  Slot& s = slot(seq);
  s.waiting = static_cast<uint32_t>(nodes) + 1;  // +1: not complete while sending
  if (reset) {
    reset_stats(worker_.shared());
    s.reply.assign(text::kReset);
  } else {
    s.node_stats = std::make_unique<NodeStatsSum>();
  }
  const std::string_view wire = reset ? "stats reset\r\n" : "stats\r\n";
  for (std::size_t node = 0; node < nodes; ++node) {
    Plan plan = plan_for(common::Command::kStats, 0, pool, node);
    send(pool, node, wire, common::ResponseExpect::kStats,
         [self = shared_from_this(), seq, plan](BackendResult&& r) {
           self->on_node_stats(seq, plan, std::move(r));
         });
  }
  release_wait(seq);
}

void ProxySession::on_node_stats(uint64_t seq, const Plan& plan, BackendResult&& result) {
  received(plan, result.status);
  if (closed_) return;
  Slot& s = slot(seq);
  if (s.node_stats) {
    s.node_stats->add(result.status == BackendStatus::kOk ? &result.response : nullptr);
  }
  release_wait(seq);
}

}  // namespace ringcache::proxy
