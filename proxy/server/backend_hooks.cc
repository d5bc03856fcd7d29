#include "proxy/server/backend_hooks.h"

#include "common/protocol/text_writer.h"
#include "proxy/backend/backend_pool.h"
#include "proxy/backend/health_registry.h"

namespace ringcache::proxy {
namespace {

void write_node(const NodeHealthSnapshot& n, std::string& out) {
  using common::text::append_stat;
  const std::string p = "node:" + n.address + ":";
  append_stat(out, p + "state", n.down ? "down" : "up");
  append_stat(out, p + "down_ms", static_cast<uint64_t>(n.down_ms));
  append_stat(out, p + "missed_writes", uint64_t{n.missed_writes});
  append_stat(out, p + "probing", uint64_t{n.probing});
  append_stat(out, p + "consecutive_timeouts", uint64_t{n.consecutive_timeouts});
  append_stat(out, p + "requests", n.requests);
  append_stat(out, p + "failures", n.failures);
  append_stat(out, p + "timeouts", n.timeouts);
  append_stat(out, p + "fast_fails", n.fast_fails);
  append_stat(out, p + "reconnects", n.reconnects);
  append_stat(out, p + "marked_down", n.marked_down);
  append_stat(out, p + "guard_refusals", n.guard_refusals);
  append_stat(out, p + "probes", n.probes);
  append_stat(out, p + "flushes", n.flushes);
  // STAT values run to the end of the line: keep the error on one line.
  std::string error = n.last_error;
  for (char& c : error) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  if (!error.empty()) append_stat(out, p + "last_error", error);
}

}  // namespace

BackendHooks make_backend_hooks(const common::ClusterConfig& initial) {
  auto registry = std::make_shared<HealthRegistry>(initial);
  BackendHooks hooks;
  hooks.make_pool = [registry](common::EventLoop& loop) { return make_backend_pool(loop, registry); };
  hooks.on_config = [registry](const common::ClusterConfig& config) { registry->update(config); };
  hooks.node_stats = [registry](std::string& out) {
    for (const NodeHealthSnapshot& n : registry->snapshot()) write_node(n, out);
  };
  return hooks;
}

}  // namespace ringcache::proxy
