#include "node/exec/meta_support.h"

#include "common/protocol/text_numbers.h"
#include "common/util/base64.h"
#include "node/storage/cache.h"

namespace ringcache::node::meta {
namespace {

// memcached's process_started is ITEM_UPDATE_INTERVAL (60 s) before the time it reports
// as its start, so its relative clock reads uptime + 60.
constexpr int64_t kClockLead = 60;

constexpr std::size_t kMemcachedHeader = 48;  // sizeof(item)
constexpr std::size_t kSlabPageSize = 1u << 20;
constexpr std::size_t kSlabChunkMax = kSlabPageSize / 2;
constexpr std::size_t kChunkAlign = 8;
constexpr unsigned kMaxSlabClasses = 63;  // MAX_NUMBER_OF_SLAB_CLASSES - 1

}  // namespace

MetaKey::MetaKey(const common::Request& req) : binary_(req.meta.has('b')) {
  if (!binary_) {
    key_ = req.key;
    return;
  }
  const std::size_t n = common::base64_decode(req.key, buf_, sizeof buf_);
  key_ = {buf_, n};
}

FlagList::FlagList(const common::Request& req) {
  common::text::Line line;
  if (!common::text::frame_line(req.raw, line)) return;
  common::text::Tokens tokens;
  common::text::tokenize(line.text, tokens);
  // Flags follow the key, and for ms the data length.
  const std::size_t first = req.command == common::Command::kMetaSet ? 3 : 2;
  for (std::size_t i = first; i < tokens.count; ++i) {
    const std::string_view t = tokens[i];
    flags_[count_++] = FlagToken{t[0], t.substr(1), t};
  }
}

MetaClock::MetaClock(const NodeContext& context)
    : now_(context.clock.now()), started_(context.start_time - kClockLead) {}

int64_t MetaClock::relative(int64_t absolute) const {
  // realtime(): a time at or before the process start is stored as 1 (expired).
  return absolute <= started_ ? 1 : absolute - started_;
}

int64_t MetaClock::ttl(int64_t exptime) const {
  if (exptime == 0) return -1;
  return static_cast<uint32_t>(relative(exptime) - relative(now_));
}

uint64_t MetaClock::since(int64_t time) const {
  return static_cast<uint32_t>(relative(now_) - relative(time));
}

int64_t MetaClock::exp(int64_t exptime) const {
  if (exptime == 0) return -1;
  return static_cast<int32_t>(static_cast<uint32_t>(relative(now_) - relative(exptime)));
}

int64_t absolute_ttl(std::string_view token, int64_t now) {
  int32_t ttl = 0;
  common::text::safe_strtol(token, ttl);
  return to_absolute_exptime(ttl, now);
}

std::size_t memcached_item_size(std::size_t key_len, std::size_t value_len, uint32_t flags,
                                bool use_cas) {
  return kMemcachedHeader + (use_cas ? 8 : 0) + key_len + 1 + (flags != 0 ? 4 : 0) +
         value_len + 2;
}

unsigned memcached_slab_class(std::size_t item_size, const Settings& settings) {
  // slabs_init(): sizes grow by the factor from header + -n, 8-byte aligned, until the
  // next would pass the largest chunk, which is the last class.
  std::size_t size = kMemcachedHeader + static_cast<std::size_t>(settings.chunk_size);
  const double factor = settings.growth_factor;
  unsigned id = 1;
  for (; id < kMaxSlabClasses; ++id) {
    if (static_cast<double>(size) >= static_cast<double>(kSlabChunkMax) / factor) break;
    if (size % kChunkAlign != 0) size += kChunkAlign - size % kChunkAlign;
    if (item_size <= size) return id;
    size = static_cast<std::size_t>(static_cast<double>(size) * factor);
  }
  return id;  // the largest class (chunked items keep their header there too)
}

}  // namespace ringcache::node::meta
