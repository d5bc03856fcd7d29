#include "fill.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "reply_parser.h"
#include "socket_util.h"

namespace ringcache::loadgen {
namespace {

constexpr uint64_t kBatch = 500;
constexpr double kIoTimeoutS = 10;

// Reads until `replies` storage replies have arrived; false on error or a failed store.
bool read_store_replies(int fd, uint64_t replies, std::string* error) {
  std::string buf;
  char chunk[65536];
  std::size_t at = 0;
  while (replies > 0) {
    Reply r = parse_reply(std::string_view(buf).substr(at), ReplyExpect::kStorage);
    if (r.status == ReplyStatus::kOk && !r.error) {
      at += r.consumed;
      --replies;
      continue;
    }
    if (r.status != ReplyStatus::kNeedMore) {
      *error = "store failed: " + buf.substr(at, std::min<std::size_t>(80, buf.size() - at));
      return false;
    }
    ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) {
      *error = n == 0 ? "server closed the connection" : "read failed or timed out";
      return false;
    }
    buf.erase(0, at);
    at = 0;
    buf.append(chunk, static_cast<std::size_t>(n));
  }
  return true;
}

uint64_t stat_u64(const std::map<std::string, std::string>& stats, const char* name) {
  auto it = stats.find(name);
  return it == stats.end() ? 0 : std::strtoull(it->second.c_str(), nullptr, 10);
}

}  // namespace

bool store_range(int fd, const RequestBuilder& builder, uint64_t begin, uint64_t end,
                 int64_t deadline_ns, std::string* error) {
  std::string out;
  for (uint64_t i = begin; i < end;) {
    if (now_ns() > deadline_ns) {
      *error = "time limit (--max-time) reached";
      return false;
    }
    uint64_t stop = std::min(end, i + kBatch);
    out.clear();
    for (uint64_t k = i; k < stop; ++k) builder.append_set(out, k);
    if (!write_all(fd, out)) {
      *error = "write failed or timed out";
      return false;
    }
    if (!read_store_replies(fd, stop - i, error)) return false;
    i = stop;
  }
  return true;
}

std::map<std::string, std::string> query_stats(int fd) {
  std::map<std::string, std::string> stats;
  if (!write_all(fd, "stats\r\n")) return stats;
  std::string buf;
  char chunk[16384];
  // Bounded by the socket timeout and by a size no stats reply comes near.
  while (buf.find("END\r\n") == std::string::npos && buf.size() < (1 << 20)) {
    ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return {};
    buf.append(chunk, static_cast<std::size_t>(n));
  }
  std::size_t at = 0;
  for (std::size_t nl; (nl = buf.find("\r\n", at)) != std::string::npos; at = nl + 2) {
    std::string line = buf.substr(at, nl - at);
    if (line.rfind("STAT ", 0) != 0) continue;
    auto space = line.find(' ', 5);
    if (space != std::string::npos) stats[line.substr(5, space - 5)] = line.substr(space + 1);
  }
  return stats;
}

double prefill(const Options& o, const RequestBuilder& builder, std::string* error) {
  int64_t start = now_ns();
  int64_t deadline = start + static_cast<int64_t>(o.max_time_s * 1e9);
  int threads = static_cast<int>(std::min<uint64_t>(static_cast<uint64_t>(o.threads), o.key_space));
  std::vector<std::string> errors(static_cast<std::size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      auto& err = errors[static_cast<std::size_t>(t)];
      int fd = connect_loopback(o.host, o.port, 5, &err);
      if (fd < 0) return;
      set_io_timeout(fd, kIoTimeoutS);
      uint64_t begin = o.key_space * static_cast<uint64_t>(t) / static_cast<uint64_t>(threads);
      uint64_t end = o.key_space * static_cast<uint64_t>(t + 1) / static_cast<uint64_t>(threads);
      store_range(fd, builder, begin, end, deadline, &err);
      close(fd);
    });
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors) {
    if (e.empty()) continue;
    *error = "prefill: " + e;
    return -1;
  }
  return static_cast<double>(now_ns() - start) / 1e9;
}

FillResult fill_until_evict(const Options& o, const RequestBuilder& builder) {
  FillResult r;
  int64_t start = now_ns();
  int64_t deadline = start + static_cast<int64_t>(o.max_time_s * 1e9);
  int fd = connect_loopback(o.host, o.port, 5, &r.error);
  if (fd < 0) return r;
  set_io_timeout(fd, kIoTimeoutS);
  std::map<std::string, std::string> stats;
  while (r.keys_set < o.fill_max_keys) {
    uint64_t stop = std::min(o.fill_max_keys, r.keys_set + kBatch * 2);
    if (!store_range(fd, builder, r.keys_set, stop, deadline, &r.error)) break;
    r.keys_set = stop;
    stats = query_stats(fd);
    if (stats.empty()) {
      r.error = "stats failed";
      break;
    }
    if (stat_u64(stats, "evictions") > 0) break;
  }
  close(fd);
  r.ok = r.error.empty() && !stats.empty();
  r.evicted = stat_u64(stats, "evictions") > 0;
  r.curr_items = stat_u64(stats, "curr_items");
  r.evictions = stat_u64(stats, "evictions");
  r.bytes = stat_u64(stats, "bytes");
  r.limit_maxbytes = stat_u64(stats, "limit_maxbytes");
  // Evictions remove the oldest keys first, so what remains is about the newest curr_items.
  for (uint64_t i = r.keys_set - std::min(r.keys_set, r.curr_items); i < r.keys_set; ++i)
    r.payload_bytes += builder.keys().length() + builder.value_size(i);
  r.seconds = static_cast<double>(now_ns() - start) / 1e9;
  return r;
}

}  // namespace ringcache::loadgen
