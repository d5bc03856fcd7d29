#include "proxy/server/node_stats_sum.h"

#include <charconv>

#include "common/protocol/text_writer.h"

namespace ringcache::proxy {
namespace {

constexpr std::size_t kLimitIndex = kSummedRequestStats.size();
constexpr std::size_t kItemsIndex = kLimitIndex + 1;

}  // namespace

int NodeStatsSum::index_of(std::string_view name) {
  for (std::size_t i = 0; i < kSummedRequestStats.size(); ++i) {
    if (kSummedRequestStats[i] == name) return static_cast<int>(i);
  }
  if (name == kSummedLimitStat) return static_cast<int>(kLimitIndex);
  for (std::size_t i = 0; i < kSummedItemStats.size(); ++i) {
    if (kSummedItemStats[i] == name) return static_cast<int>(kItemsIndex + i);
  }
  return -1;
}

void NodeStatsSum::add(const common::Response* reply) {
  ++asked_;
  if (reply == nullptr || reply->kind != common::ResponseKind::kStats) {
    ++missing_;
    return;
  }
  for (const common::StatLine& stat : reply->stats) {
    const int i = index_of(stat.name);
    if (i < 0) continue;
    uint64_t v = 0;
    const char* end = stat.value.data() + stat.value.size();
    auto [ptr, ec] = std::from_chars(stat.value.data(), end, v);
    if (ec == std::errc{} && ptr == end) sums_[static_cast<std::size_t>(i)] += v;
  }
}

void NodeStatsSum::write(Section section, std::string& out) const {
  using common::text::append_stat;
  switch (section) {
    case Section::kRequests:
      for (std::size_t i = 0; i < kSummedRequestStats.size(); ++i) {
        append_stat(out, kSummedRequestStats[i], sums_[i]);
      }
      return;
    case Section::kLimit:
      append_stat(out, kSummedLimitStat, sums_[kLimitIndex]);
      return;
    case Section::kItems:
      for (std::size_t i = 0; i < kSummedItemStats.size(); ++i) {
        append_stat(out, kSummedItemStats[i], sums_[kItemsIndex + i]);
      }
      return;
  }
}

void NodeStatsSum::write_coverage(std::string& out) const {
  common::text::append_stat(out, "proxy_stats_nodes", uint64_t{asked_});
  common::text::append_stat(out, "proxy_stats_nodes_missing", uint64_t{missing_});
}

uint64_t NodeStatsSum::get(std::string_view name) const {
  const int i = index_of(name);
  return i < 0 ? 0 : sums_[static_cast<std::size_t>(i)];
}

}  // namespace ringcache::proxy
