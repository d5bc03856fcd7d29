#include "replay.h"

#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <memory>
#include <unordered_set>
#include <vector>

#include "key_chooser.h"
#include "reply_parser.h"
#include "request_builder.h"
#include "socket_util.h"

namespace ringcache::loadgen {
namespace {

constexpr double kIoTimeoutS = 10;
constexpr std::size_t kMaxValue = 1 << 20;

struct Request {
  std::string key;
  std::size_t size = 0;
};

// Where the replayed requests come from.
class Source {
 public:
  virtual ~Source() = default;
  virtual bool next(Request& r) = 0;  // false at the end
};

class ZipfSource : public Source {
 public:
  explicit ZipfSource(const Options& o)
      : left_(o.requests), size_(o.value_size), rng_(o.seed), sampler_(o.key_space, o.zipf_s),
        format_(o.key_prefix, o.key_space) {}
  bool next(Request& r) override {
    if (left_ == 0) return false;
    --left_;
    r.key.clear();
    format_.append(r.key, sampler_.sample(rng_) - 1);
    r.size = size_;
    return true;
  }

 private:
  uint64_t left_;
  std::size_t size_;
  Rng rng_;
  ZipfSampler sampler_;
  KeyFormat format_;
};

// "KEY SIZE" per line; a malformed line ends the replay with an error.
class TraceSource : public Source {
 public:
  explicit TraceSource(const std::string& path) : in_(path) {}
  bool open() const { return in_.is_open(); }
  bool bad() const { return bad_; }
  bool next(Request& r) override {
    std::string line;
    if (!std::getline(in_, line)) return false;
    auto space = line.find(' ');
    if (space == 0 || space == std::string::npos || space > 250) return fail();
    r.key.assign(line, 0, space);
    char* end = nullptr;
    unsigned long size = std::strtoul(line.c_str() + space + 1, &end, 10);
    if (end == line.c_str() + space + 1 || size == 0 || size > kMaxValue) return fail();
    r.size = size;
    return true;
  }

 private:
  bool fail() {
    bad_ = true;
    return false;
  }
  std::ifstream in_;
  bool bad_ = false;
};

// Reads `count` replies of one kind; calls on_reply(index, reply) for each. False on a bad
// reply, a closed connection or a timeout.
template <typename F>
bool read_replies(int fd, std::size_t count, ReplyExpect expect, std::string& buf, F on_reply) {
  char chunk[65536];
  std::size_t at = 0;
  for (std::size_t i = 0; i < count;) {
    Reply r = parse_reply(std::string_view(buf).substr(at), expect);
    if (r.status == ReplyStatus::kOk) {
      on_reply(i++, r);
      at += r.consumed;
      continue;
    }
    if (r.status == ReplyStatus::kBad) return false;
    ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buf.erase(0, at);
    at = 0;
    buf.append(chunk, static_cast<std::size_t>(n));
  }
  buf.erase(0, at);
  return true;
}

// One batch: the gets, then a set for each key's first miss. False (with *error) on failure.
bool replay_batch(int fd, const std::vector<Request>& batch, const std::string& value,
                  ReplayResult& r, std::string& buf) {
  std::string out;
  for (const Request& q : batch) out.append("get ").append(q.key).append("\r\n");
  if (!write_all(fd, out)) return (r.error = "write failed or timed out", false);
  std::vector<const Request*> to_set;
  std::unordered_set<std::string_view> missed;
  bool ok = read_replies(fd, batch.size(), ReplyExpect::kRetrieval, buf, [&](std::size_t i, const Reply& reply) {
    ++r.gets;
    if (reply.values > 0 || missed.count(batch[i].key)) {
      ++r.hits;
      return;
    }
    ++r.misses;
    missed.insert(batch[i].key);
    to_set.push_back(&batch[i]);
  });
  if (!ok) return (r.error = "bad reply to a get, or the connection failed", false);
  out.clear();
  for (const Request* q : to_set) {
    out.append("set ").append(q->key).append(" 0 0 ").append(std::to_string(q->size)).append("\r\n");
    out.append(value, 0, q->size).append("\r\n");
  }
  if (!write_all(fd, out)) return (r.error = "write failed or timed out", false);
  r.sets += to_set.size();
  ok = read_replies(fd, to_set.size(), ReplyExpect::kStorage, buf,
                    [&](std::size_t, const Reply& reply) { r.not_stored += reply.error ? 1 : 0; });
  return ok || (r.error = "bad reply to a set, or the connection failed", false);
}

}  // namespace

// Counts the gets whose key the stream has not asked for before (by a 64-bit hash of it).
class FirstSeen {
 public:
  bool add(const std::string& key) { return seen_.insert(std::hash<std::string>{}(key)).second; }

 private:
  std::unordered_set<uint64_t> seen_;
};

ReplayResult run_replay(const Options& o) {
  ReplayResult r;
  int64_t start = now_ns();
  int64_t deadline = start + static_cast<int64_t>(o.max_time_s * 1e9);
  std::unique_ptr<Source> source;
  TraceSource* trace = nullptr;
  if (o.replay == "zipf") {
    source = std::make_unique<ZipfSource>(o);
  } else {
    auto t = std::make_unique<TraceSource>(o.replay);
    if (!t->open()) return (r.error = "cannot open " + o.replay, r);
    trace = t.get();
    source = std::move(t);
  }
  int fd = connect_loopback(o.host, o.port, 5, &r.error);
  if (fd < 0) return r;
  set_io_timeout(fd, kIoTimeoutS);
  const std::string value = make_value(kMaxValue);
  std::vector<Request> batch(static_cast<std::size_t>(o.replay_batch));
  std::string buf;
  FirstSeen seen;
  ReplayResult warm;  // the warm-up's counts, not reported
  for (bool more = true; more && r.error.empty() && warm.error.empty();) {
    const bool counted = warm.gets >= o.replay_warmup;
    // A batch ends at the warm-up's end, so that each batch is counted or not as a whole.
    std::size_t want = counted ? batch.size() : std::min<uint64_t>(batch.size(), o.replay_warmup - warm.gets);
    std::size_t n = 0;
    while (n < want && (more = source->next(batch[n]))) {
      if (seen.add(batch[n].key) && counted) ++r.first_seen;
      ++n;
    }
    if (n == 0) break;
    batch.resize(n);
    if (!replay_batch(fd, batch, value, counted ? r : warm, buf)) break;
    batch.resize(static_cast<std::size_t>(o.replay_batch));
    if (now_ns() > deadline) r.error = "time limit (--max-time) reached";
  }
  close(fd);
  if (r.error.empty()) r.error = warm.error;
  r.warmup_gets = warm.gets;
  if (trace && trace->bad() && r.error.empty())
    r.error = "malformed trace line after " + std::to_string(warm.gets + r.gets) + " gets";
  r.ok = r.error.empty();
  r.seconds = static_cast<double>(now_ns() - start) / 1e9;
  return r;
}

}  // namespace ringcache::loadgen
