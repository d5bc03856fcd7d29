// `stats items` and `stats slabs`. The store has no slab classes, so it reports itself
// as one class (id 1) holding every item, with memcached's field names: tools that sum
// or list classes (memcached-tool, exporters) then show the whole store.
#include <algorithm>
#include <string>

#include "node/exec/stats_report.h"

namespace ringcache::node {

namespace {

constexpr std::string_view kItemsPrefix = "items:1:";
constexpr std::string_view kSlabsPrefix = "1:";

// Adds "<prefix><name> <value>".
void add_prefixed(StatWriter& w, std::string_view prefix, std::string_view name, uint64_t v) {
  std::string full;
  full.reserve(prefix.size() + name.size());
  full.append(prefix).append(name);
  w.add(full, v);
}

}  // namespace

void append_items_stats(const NodeContext& context, std::string& out) {
  CacheStats cs = context.cache.stats();
  if (cs.curr_items == 0) return;  // memcached lists only classes that hold items
  WorkerTotals t = sum_workers(context);
  StatWriter w(out);
  auto add = [&](std::string_view name, uint64_t v) { add_prefixed(w, kItemsPrefix, name, v); };
  add("number", cs.curr_items);
  // One LRU: everything counts as cold (where memcached evicts from).
  add("number_hot", 0);
  add("number_warm", 0);
  add("number_cold", cs.curr_items);
  add("age_hot", 0);
  add("age_warm", 0);
  add("age", cs.oldest_item_age);
  add("mem_requested", cs.bytes);
  add("evicted", cs.evictions);
  for (std::string_view zero : {"evicted_nonzero", "evicted_time"}) add(zero, 0);
  add("outofmemory", t.store_no_memory);
  add("tailrepairs", 0);
  add("reclaimed", cs.reclaimed);
  add("expired_unfetched", cs.expired_unfetched);
  add("evicted_unfetched", cs.evicted_unfetched);
  add("evicted_active", cs.evicted_active);
  for (std::string_view zero :
       {"crawler_reclaimed", "crawler_items_checked", "lrutail_reflocked", "moves_to_cold",
        "moves_to_warm", "moves_within_lru", "direct_reclaims", "hits_to_hot", "hits_to_warm",
        "hits_to_cold", "hits_to_temp"}) {
    add(zero, 0);
  }
}

void append_slabs_stats(const NodeContext& context, std::string& out) {
  CacheStats cs = context.cache.stats();
  // Item memory only: memcached's total_malloced leaves out its hash table too.
  const uint64_t item_memory = cs.memory_used > cs.hash_bytes ? cs.memory_used - cs.hash_bytes : 0;
  StatWriter w(out);
  if (cs.curr_items == 0) {
    w.add("active_slabs", uint64_t{0});
    w.add("total_malloced", uint64_t{0});
    return;
  }
  const uint64_t page = std::max<uint64_t>(context.settings.item_size_max, 1);
  // "Chunks" are the average charged item; "pages" the memory in use, in -I units.
  const uint64_t chunk = std::max<uint64_t>(cs.bytes / cs.curr_items, 1);
  const uint64_t free_bytes = cs.limit_maxbytes > cs.memory_used ? cs.limit_maxbytes - cs.memory_used : 0;
  WorkerTotals t = sum_workers(context);
  auto add = [&](std::string_view name, uint64_t v) { add_prefixed(w, kSlabsPrefix, name, v); };
  add("chunk_size", chunk);
  add("chunks_per_page", std::max<uint64_t>(page / chunk, 1));
  add("total_pages", (item_memory + page - 1) / page);
  add("total_chunks", cs.curr_items + free_bytes / chunk);
  add("used_chunks", cs.curr_items);
  add("free_chunks", free_bytes / chunk);
  add("free_chunks_end", 0);
  add("get_hits", t.get_hits);
  add("cmd_set", t.cmd_set);
  add("delete_hits", t.delete_hits);
  add("incr_hits", t.incr_hits);
  add("decr_hits", t.decr_hits);
  add("cas_hits", t.cas_hits);
  add("cas_badval", t.cas_badval);
  add("touch_hits", t.touch_hits);
  w.add("active_slabs", uint64_t{1});
  w.add("total_malloced", item_memory);
}

}  // namespace ringcache::node
