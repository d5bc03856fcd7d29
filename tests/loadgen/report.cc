#include "report.h"

namespace ringcache::loadgen {
namespace {

double us(uint64_t ns) { return static_cast<double>(ns) / 1000.0; }

double per_request_us(double seconds, uint64_t requests) {
  return requests ? seconds * 1e6 / static_cast<double>(requests) : 0;
}

// Share of requests per power-of-two latency band, from the first band in use to max.
void print_distribution(std::FILE* out, const Histogram& h) {
  if (h.count() == 0) return;
  uint64_t below = 0;
  for (uint64_t limit = 2048; limit <= (uint64_t{1} << 40); limit *= 2) {
    uint64_t now = h.count_below(limit);
    if (now > below)
      std::fprintf(out, "    < %9.1f us: %6.2f%%  (cumulative %6.2f%%)\n", us(limit),
                   100.0 * static_cast<double>(now - below) / static_cast<double>(h.count()),
                   100.0 * static_cast<double>(now) / static_cast<double>(h.count()));
    below = now;
    if (now == h.count()) break;
  }
}

void print_load_human(std::FILE* out, const Options& o, const LoadResult& r) {
  const WorkerStats& s = r.stats;
  const Histogram& h = s.latency;
  std::fprintf(out, "ringcache-loadgen %s:%u  threads=%d connections=%d pipeline=%d get-share=%.3f "
               "value=%zuB keys=%llu %s multiget=%d\n", o.host.c_str(), o.port, o.threads,
               o.connections, o.pipeline, o.get_ratio, o.value_size,
               static_cast<unsigned long long>(o.key_space),
               o.distribution == Distribution::kZipf ? "zipf" : "uniform", o.multiget);
  if (r.prefill_s >= 0) std::fprintf(out, "  prefill: %.2f s\n", r.prefill_s);
  std::fprintf(out, "  %.2f s: %llu requests, %.0f req/s (gets %llu, sets %llu)%s\n", r.seconds,
               static_cast<unsigned long long>(s.requests),
               r.seconds > 0 ? static_cast<double>(s.requests) / r.seconds : 0.0,
               static_cast<unsigned long long>(s.gets), static_cast<unsigned long long>(s.sets),
               r.truncated ? "  [stopped by --max-time]" : "");
  std::fprintf(out, "  keys %llu: hits %llu, misses %llu; errors %llu, dead connections %llu\n",
               static_cast<unsigned long long>(s.keys), static_cast<unsigned long long>(s.hits),
               static_cast<unsigned long long>(s.misses), static_cast<unsigned long long>(s.errors),
               static_cast<unsigned long long>(s.dead_connections));
  std::fprintf(out, "  latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  mean %.1f\n",
               us(h.quantile(0.5)), us(h.quantile(0.9)), us(h.quantile(0.99)), us(h.quantile(0.999)),
               us(h.max()), h.mean() / 1000.0);
  if (o.histogram) print_distribution(out, h);
  if (r.server_cpu_s >= 0)
    std::fprintf(out, "  server cpu %.2f s = %.2f us/request\n", r.server_cpu_s,
                 per_request_us(r.server_cpu_s, s.requests));
  std::fprintf(out, "  loadgen cpu %.2f s = %.2f us/request\n", r.client_cpu_s,
               per_request_us(r.client_cpu_s, s.requests));
}

void print_load_kv(std::FILE* out, const LoadResult& r) {
  const WorkerStats& s = r.stats;
  const Histogram& h = s.latency;
  std::fprintf(out, "result mode=load seconds=%.3f requests=%llu rps=%.1f gets=%llu sets=%llu "
               "keys=%llu hits=%llu misses=%llu errors=%llu dead=%llu truncated=%d ",
               r.seconds, static_cast<unsigned long long>(s.requests),
               r.seconds > 0 ? static_cast<double>(s.requests) / r.seconds : 0.0,
               static_cast<unsigned long long>(s.gets), static_cast<unsigned long long>(s.sets),
               static_cast<unsigned long long>(s.keys), static_cast<unsigned long long>(s.hits),
               static_cast<unsigned long long>(s.misses), static_cast<unsigned long long>(s.errors),
               static_cast<unsigned long long>(s.dead_connections), r.truncated ? 1 : 0);
  std::fprintf(out, "p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f mean_us=%.1f ",
               us(h.quantile(0.5)), us(h.quantile(0.9)), us(h.quantile(0.99)), us(h.quantile(0.999)),
               us(h.max()), h.mean() / 1000.0);
  std::fprintf(out, "server_cpu_s=%.3f server_cpu_us_per_req=%.3f client_cpu_s=%.3f "
               "client_cpu_us_per_req=%.3f prefill_s=%.3f\n",
               r.server_cpu_s, r.server_cpu_s >= 0 ? per_request_us(r.server_cpu_s, s.requests) : -1.0,
               r.client_cpu_s, per_request_us(r.client_cpu_s, s.requests), r.prefill_s);
}

}  // namespace

void print_load(std::FILE* out, const Options& o, const LoadResult& r) {
  if (o.output != OutputFormat::kKv) print_load_human(out, o, r);
  if (o.output != OutputFormat::kHuman) print_load_kv(out, r);
}

void print_fill(std::FILE* out, const Options& o, const FillResult& r, long rss_kb) {
  if (o.output != OutputFormat::kKv) {
    std::fprintf(out, "ringcache-loadgen fill %s:%u value=%zuB: %llu keys set in %.2f s; %s\n",
                 o.host.c_str(), o.port, o.value_size, static_cast<unsigned long long>(r.keys_set),
                 r.seconds, r.evicted ? "evictions started" : "no eviction yet");
    std::fprintf(out, "  curr_items %llu, evictions %llu, bytes %llu of limit %llu, server RSS %ld KiB\n",
                 static_cast<unsigned long long>(r.curr_items),
                 static_cast<unsigned long long>(r.evictions), static_cast<unsigned long long>(r.bytes),
                 static_cast<unsigned long long>(r.limit_maxbytes), rss_kb);
  }
  if (o.output == OutputFormat::kHuman) return;
  std::fprintf(out, "result mode=fill ok=%d evicted=%d keys_set=%llu curr_items=%llu evictions=%llu "
               "bytes=%llu limit_maxbytes=%llu payload_bytes=%llu rss_kb=%ld seconds=%.3f\n", r.ok ? 1 : 0,
               r.evicted ? 1 : 0, static_cast<unsigned long long>(r.keys_set),
               static_cast<unsigned long long>(r.curr_items),
               static_cast<unsigned long long>(r.evictions), static_cast<unsigned long long>(r.bytes),
               static_cast<unsigned long long>(r.limit_maxbytes),
               static_cast<unsigned long long>(r.payload_bytes), rss_kb, r.seconds);
}

void print_replay(std::FILE* out, const Options& o, const ReplayResult& r, long rss_kb) {
  double ratio = r.gets ? static_cast<double>(r.hits) / static_cast<double>(r.gets) : 0.0;
  auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  if (o.output != OutputFormat::kKv)
    std::fprintf(out, "ringcache-loadgen replay %s on %s:%u: %llu gets after %llu warm-up gets, "
                 "hit ratio %.4f (an unbounded cache: %.4f), %llu sets (%llu not stored), %.2f s, "
                 "server RSS %ld KiB\n", o.replay.c_str(), o.host.c_str(), o.port, u(r.gets),
                 u(r.warmup_gets), ratio, replay_ceiling(r), u(r.sets), u(r.not_stored), r.seconds, rss_kb);
  if (o.output == OutputFormat::kHuman) return;
  std::fprintf(out, "result mode=replay ok=%d gets=%llu hits=%llu misses=%llu hit_ratio=%.6f sets=%llu "
               "not_stored=%llu warmup_gets=%llu first_seen=%llu ceiling=%.6f seconds=%.3f rss_kb=%ld\n",
               r.ok ? 1 : 0, u(r.gets), u(r.hits), u(r.misses), ratio, u(r.sets), u(r.not_stored),
               u(r.warmup_gets), u(r.first_seen), replay_ceiling(r), r.seconds, rss_kb);
}

}  // namespace ringcache::loadgen
