#include "node/exec/stats_report.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

#include "common/protocol/text_writer.h"
#include "node/exec/version.h"

namespace ringcache::node {

void StatWriter::add(std::string_view name, uint64_t value) {
  common::text::append_stat(out_, name, value);
}

void StatWriter::add_signed(std::string_view name, int64_t value) {
  common::text::append_stat_signed(out_, name, value);
}

void StatWriter::add(std::string_view name, std::string_view value) {
  common::text::append_stat(out_, name, value);
}

WorkerTotals sum_workers(const NodeContext& context) {
  WorkerTotals t;
  for (const WorkerStats* w : context.workers) {
#define RINGCACHE_SUM(name) t.name += w->name.get();
    RINGCACHE_WORKER_COUNTERS(RINGCACHE_SUM)
#undef RINGCACHE_SUM
  }
  return t;
}

namespace {

// memcached prints CPU time as "%ld.%06ld".
std::string format_timeval(const timeval& tv) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%ld.%06ld", static_cast<long>(tv.tv_sec),
                static_cast<long>(tv.tv_usec));
  return buf;
}

void append_process(const NodeContext& ctx, StatWriter& w) {
  const int64_t now = ctx.clock.now();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  w.add("pid", static_cast<uint64_t>(getpid()));
  w.add_signed("uptime", now - ctx.start_time);
  w.add_signed("time", now);
  w.add("version", kVersion);
  w.add("pointer_size", uint64_t{8 * sizeof(void*)});
  w.add("rusage_user", format_timeval(usage.ru_utime));
  w.add("rusage_system", format_timeval(usage.ru_stime));
  w.add("max_connections", static_cast<uint64_t>(ctx.settings.max_connections));
  w.add_signed("curr_connections", ctx.connections.curr_connections.get());
  w.add_signed("total_connections", ctx.connections.total_connections.get());
  w.add_signed("rejected_connections", ctx.connections.rejected_connections.get());
  w.add_signed("connection_structures", ctx.connections.connection_structures.get());
}

void append_counters(const NodeContext& ctx, StatWriter& w) {
  WorkerTotals t = sum_workers(ctx);
#define RINGCACHE_WRITE(name) w.add(#name, t.name);
  RINGCACHE_WORKER_COUNTERS(RINGCACHE_WRITE)
#undef RINGCACHE_WRITE
}

void append_store(const NodeContext& ctx, const CacheStats& cs, StatWriter& w) {
  w.add("limit_maxbytes", cs.limit_maxbytes);
  // The listeners never pause accepting, so these stay at memcached's idle values.
  w.add("accepting_conns", uint64_t{1});
  w.add("listen_disabled_num", uint64_t{0});
  w.add("time_in_listen_disabled_us", uint64_t{0});
  w.add("threads", static_cast<uint64_t>(ctx.settings.threads));
  w.add("conn_yields", uint64_t{0});
  w.add("hash_power_level", cs.hash_power_level);
  w.add("hash_bytes", cs.hash_bytes);
  w.add("hash_is_expanding", uint64_t{0});
  w.add("bytes", cs.bytes);
  w.add("curr_items", cs.curr_items);
  w.add("total_items", cs.total_items);
  w.add("expired_unfetched", cs.expired_unfetched);
  w.add("evicted_unfetched", cs.evicted_unfetched);
  w.add("evicted_active", cs.evicted_active);
  w.add("evictions", cs.evictions);
  w.add("reclaimed", cs.reclaimed);
}

}  // namespace

void append_general_stats(const NodeContext& context, std::string& out) {
  StatWriter w(out);
  append_process(context, w);
  append_counters(context, w);
  append_store(context, context.cache.stats(), w);
}

}  // namespace ringcache::node
