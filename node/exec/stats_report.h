// The `stats` groups, written with memcached's names and order so that memcached-tool,
// memcstat and exporters read them unchanged. Each append_* writes "STAT ..." lines
// without the closing END.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "node/exec/node_context.h"
#include "node/exec/stats.h"

namespace ringcache::node {

/// Appends "STAT <name> <value>\r\n" lines.
class StatWriter {
 public:
  explicit StatWriter(std::string& out) : out_(out) {}
  void add(std::string_view name, uint64_t value);
  void add_signed(std::string_view name, int64_t value);
  void add(std::string_view name, std::string_view value);
  void add(std::string_view name, const char* value) { add(name, std::string_view(value)); }
  void add_bool(std::string_view name, bool value, std::string_view yes = "yes",
                std::string_view no = "no") {
    add(name, value ? yes : no);
  }

 private:
  std::string& out_;
};

/// Every worker's counters summed (what `stats` reports).
struct WorkerTotals {
#define RINGCACHE_TOTAL(name) uint64_t name = 0;
  RINGCACHE_WORKER_COUNTERS(RINGCACHE_TOTAL)
#undef RINGCACHE_TOTAL
};

/// Sums the counters of all workers in `context.workers`.
WorkerTotals sum_workers(const NodeContext& context);

/// `stats`: process, connection, command and store counters.
void append_general_stats(const NodeContext& context, std::string& out);
/// `stats settings`.
void append_settings_stats(const NodeContext& context, std::string& out);
/// `stats items`: the whole store as slab class 1 (nothing while it is empty).
void append_items_stats(const NodeContext& context, std::string& out);
/// `stats slabs`: the whole store as slab class 1, then active_slabs and total_malloced.
void append_slabs_stats(const NodeContext& context, std::string& out);

}  // namespace ringcache::node
