#include "node/exec/prefix_stats.h"

#include <charconv>

namespace ringcache::node {

namespace {

constexpr char kDelimiter = ':';  // memcached's default -D

void append_uint(std::string& out, uint64_t v) {
  char buf[20];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace

PrefixStats::Entry* PrefixStats::find(std::string_view key) {
  std::size_t cut = key.find(kDelimiter);
  if (cut == std::string_view::npos) return nullptr;
  std::string_view prefix = key.substr(0, cut);
  auto it = entries_.find(prefix);
  if (it == entries_.end()) it = entries_.emplace(std::string(prefix), Entry{}).first;
  return &it->second;
}

void PrefixStats::record_get(std::string_view key, bool hit) {
  std::lock_guard lock(mu_);
  if (Entry* e = find(key)) {
    ++e->gets;
    if (hit) ++e->hits;
  }
}

void PrefixStats::record_set(std::string_view key) {
  std::lock_guard lock(mu_);
  if (Entry* e = find(key)) ++e->sets;
}

void PrefixStats::record_delete(std::string_view key) {
  std::lock_guard lock(mu_);
  if (Entry* e = find(key)) ++e->deletes;
}

void PrefixStats::dump(std::string& out) const {
  std::lock_guard lock(mu_);
  for (const auto& [prefix, e] : entries_) {
    out.append("PREFIX ").append(prefix).append(" get ");
    append_uint(out, e.gets);
    out.append(" hit ");
    append_uint(out, e.hits);
    out.append(" set ");
    append_uint(out, e.sets);
    out.append(" del ");
    append_uint(out, e.deletes);
    out.append("\r\n", 2);
  }
  out.append("END\r\n", 5);
}

void PrefixStats::clear() {
  std::lock_guard lock(mu_);
  entries_.clear();
}

}  // namespace ringcache::node
