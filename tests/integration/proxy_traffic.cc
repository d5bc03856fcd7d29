#include "tests/integration/proxy_traffic.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <memory>

namespace ringcache::integration {
namespace {

constexpr std::size_t kMaxErrorsKept = 20;
constexpr std::size_t kMaxLatencySamples = 4'000'000;
constexpr int kCommandKinds = 10;

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// The size field of "VALUE key flags bytes [cas]" or "VA bytes [flags]"; -1 when malformed.
long data_length(const std::string& line, std::size_t field) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < field; ++i) {
    pos = line.find(' ', pos);
    if (pos == std::string::npos) return -1;
    ++pos;
  }
  char* end = nullptr;
  long n = std::strtol(line.c_str() + pos, &end, 10);
  return end == line.c_str() + pos || n < 0 ? -1 : n;
}

bool is_number_line(const std::string& s) {
  return s.size() > 2 && s.ends_with("\r\n") &&
         std::all_of(s.begin(), s.end() - 2, [](char c) { return c >= '0' && c <= '9'; });
}

std::string value_of(const std::string& key) { return "val-" + key; }

std::string storage(const std::string& verb, const std::string& key, const std::string& value) {
  return verb + " " + key + " 0 0 " + std::to_string(value.size()) + "\r\n" + value + "\r\n";
}

// A get reply is well formed when it ends in END and holds requested keys, in request order,
// each with the value the traffic writes.
bool valid_get_reply(const std::string& reply, const std::vector<std::string>& keys) {
  if (!reply.ends_with("END\r\n")) return false;
  std::size_t next = 0;
  std::size_t blocks = 0;
  for (const Value& v : parse_values(reply)) {
    while (next < keys.size() && keys[next] != v.key) ++next;
    if (next == keys.size() || v.data != value_of(v.key)) return false;
    ++next;
    ++blocks;
  }
  // Every byte must belong to a parsed block or the final END.
  std::size_t expected = 5;
  for (const Value& v : parse_values(reply)) {
    expected += 6 + v.key.size() + 1 + v.flags.size() + 1 + std::to_string(v.data.size()).size() +
                2 + v.data.size() + 2;
  }
  return blocks <= keys.size() && expected == reply.size();
}

struct Command {
  std::string request;
  ReplyKind kind = ReplyKind::kLine;
  bool is_write = false;  // set/ms: NOT_STORED / NS is its failover reply
  std::string miss;       // its reply when the key is absent (or its node is down)
  std::function<bool(const std::string&)> success;
};

Command exact(std::string request, std::string miss, std::string hit) {
  return {std::move(request), ReplyKind::kLine, false, std::move(miss),
          [hit = std::move(hit)](const std::string& r) { return r == hit; }};
}

// Command `kind` (0..kCommandKinds-1) of the mixed stream on keys[0] (multi-get: all three).
Command make_command(int kind, const std::vector<std::string>& keys) {
  const std::string& key = keys[0];
  const std::string value = value_of(key);
  const std::string counter = "ctr:" + key;
  const auto is_valid_get = [keys](const std::string& r) { return valid_get_reply(r, keys); };
  const auto is_single_get = [key](const std::string& r) { return valid_get_reply(r, {key}); };
  switch (kind) {
    case 0:
      return {storage("set", key, value), ReplyKind::kLine, true, "",
              [](const std::string& r) { return r == "STORED\r\n"; }};
    case 1:
      return {"get " + key + "\r\n", ReplyKind::kValues, false, "END\r\n", is_single_get};
    case 2:
      return {"mg " + key + " v\r\n", ReplyKind::kMeta, false, "EN\r\n",
              [value](const std::string& r) {
                return r == "VA " + std::to_string(value.size()) + "\r\n" + value + "\r\n";
              }};
    case 3:
      return {"get " + keys[0] + " " + keys[1] + " " + keys[2] + "\r\n", ReplyKind::kValues, false,
              "END\r\n", is_valid_get};
    case 4:
      return {"ms " + key + " " + std::to_string(value.size()) + " T0\r\n" + value + "\r\n",
              ReplyKind::kLine, true, "", [](const std::string& r) { return r == "HD\r\n"; }};
    case 5:
      return {"incr " + counter + " 1\r\n", ReplyKind::kLine, false, "NOT_FOUND\r\n",
              is_number_line};
    case 6:
      return exact("touch " + key + " 1000\r\n", "NOT_FOUND\r\n", "TOUCHED\r\n");
    case 7:
      return exact("delete " + key + "\r\n", "NOT_FOUND\r\n", "DELETED\r\n");
    case 8:
      return exact("md " + key + "\r\n", "NF\r\n", "HD\r\n");
    default:
      return {storage("set", counter, "1"), ReplyKind::kLine, true, "",
              [](const std::string& r) { return r == "STORED\r\n"; }};
  }
}

}  // namespace

std::string read_reply(TestClient& client, ReplyKind kind) {
  std::string reply = client.read_line();
  if (!reply.ends_with("\r\n")) return reply;
  if (kind == ReplyKind::kMeta && starts_with(reply, "VA ")) {
    const long n = data_length(reply, 1);
    if (n >= 0) reply += client.read_exact(static_cast<std::size_t>(n) + 2);
    return reply;
  }
  if (kind != ReplyKind::kValues) return reply;
  for (std::string line = reply; starts_with(line, "VALUE ");) {
    const long n = data_length(line, 3);
    if (n < 0) break;
    std::string data = client.read_exact(static_cast<std::size_t>(n) + 2);
    reply += data;
    if (data.size() != static_cast<std::size_t>(n) + 2) break;
    line = client.read_line();
    reply += line;
  }
  return reply;
}

std::vector<Value> parse_values(const std::string& reply) {
  std::vector<Value> out;
  std::size_t pos = 0;
  while (reply.compare(pos, 6, "VALUE ") == 0) {
    const std::size_t eol = reply.find("\r\n", pos);
    if (eol == std::string::npos) break;
    const std::string line = reply.substr(pos, eol - pos);
    const std::size_t k_end = line.find(' ', 6);
    const std::size_t f_end = k_end == std::string::npos ? k_end : line.find(' ', k_end + 1);
    const long n = data_length(line, 3);
    if (f_end == std::string::npos || n < 0 || eol + 2 + n + 2 > reply.size()) break;
    out.push_back({line.substr(6, k_end - 6), line.substr(k_end + 1, f_end - k_end - 1),
                   reply.substr(eol + 2, static_cast<std::size_t>(n))});
    pos = eol + 2 + static_cast<std::size_t>(n) + 2;
  }
  return out;
}

Traffic::Traffic(TrafficOptions options) : options_(std::move(options)) {
  for (std::size_t i = 0; i < options_.connections; ++i)
    threads_.emplace_back([this, i] { run(i); });
}

void Traffic::stop() {
  stop_ = true;
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

std::vector<std::string> Traffic::errors() const {
  std::lock_guard lock(mutex_);
  return errors_;
}

std::string Traffic::error_report() const {
  std::string out =
      std::to_string(error_count()) + " errors in " + std::to_string(completed()) + " requests";
  for (const auto& e : errors()) out += "\n  " + e;
  return out;
}

std::chrono::microseconds Traffic::latency_quantile(double q) const {
  std::vector<uint32_t> all;
  {
    std::lock_guard lock(mutex_);
    all = latencies_us_;
  }
  if (all.empty()) return std::chrono::microseconds(0);
  const std::size_t at = std::min(all.size() - 1, static_cast<std::size_t>(q * all.size()));
  std::nth_element(all.begin(), all.begin() + static_cast<long>(at), all.end());
  return std::chrono::microseconds(all[at]);
}

std::size_t Traffic::latency_samples() const {
  std::lock_guard lock(mutex_);
  return latencies_us_.size();
}

void Traffic::clear_latencies() {
  std::lock_guard lock(mutex_);
  latencies_us_.clear();
}

void Traffic::record_error(const std::string& request, const std::string& reply) {
  ++error_count_;
  std::lock_guard lock(mutex_);
  if (errors_.size() < kMaxErrorsKept) {
    errors_.push_back("request " + escape(request) + " -> reply " +
                      (reply.empty() ? "<none: timeout or connection closed>" : escape(reply)));
  }
}

void Traffic::run(std::size_t id) {
  auto c = std::make_unique<TestClient>(options_.port, options_.reply_timeout);
  for (uint64_t n = id * 3; !stop_; ++n) {
    if (c->connected() && one_request(*c, id, n)) continue;
    // The connection broke (already recorded): a client would reconnect.
    c = std::make_unique<TestClient>(options_.port, options_.reply_timeout);
    if (!c->connected()) {
      record_error("connect", c->error());
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

bool Traffic::one_request(TestClient& c, std::size_t id, uint64_t n) {
  const auto& keys = options_.keys;
  const std::size_t at = (n * 7 + id * 13) % keys.size();
  const Command cmd =
      make_command(static_cast<int>(n % kCommandKinds),
                   {keys[at], keys[(at + 1) % keys.size()], keys[(at + 2) % keys.size()]});
  const auto start = std::chrono::steady_clock::now();
  if (!c.send(cmd.request)) {
    record_error(cmd.request, "<send failed: " + c.error() + ">");
    return false;
  }
  const std::string reply = read_reply(c, cmd.kind);
  const auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  {
    std::lock_guard lock(mutex_);
    if (latencies_us_.size() < kMaxLatencySamples)
      latencies_us_.push_back(static_cast<uint32_t>(took.count()));
  }
  ++completed_;
  bool ok = false;
  if (reply == "NOT_STORED\r\n" || reply == "NS\r\n") {
    ++write_failovers_;
    ok = options_.write_failover_allowed && cmd.is_write;
  } else if (reply == "NOT_FOUND\r\n" || reply == "NF\r\n" || reply == "EN\r\n" ||
             reply == "END\r\n") {
    ++misses_;
    ok = !cmd.is_write && reply == cmd.miss;
  } else {
    ok = cmd.success(reply);
  }
  if (!ok) record_error(cmd.request, reply);
  // A reply cut short leaves the stream out of step: start a new connection.
  return ok || reply.ends_with("\r\n");
}

}  // namespace ringcache::integration
