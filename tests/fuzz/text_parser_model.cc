// Predicts memcached's reply bytes for a stream of text requests against an empty cache,
// from parse_text_request alone. text_parser_diff.py feeds it random requests whose keys
// are never reused and compares its prediction with a real memcached.
//
// stdin: cases as <u32 little-endian length><bytes>; stdout per case:
// <u32 length><expected reply><u8 1 if memcached closes the connection>.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/protocol/text_parser.h"

namespace {

using namespace ringcache::common;

// The reply of a request that parsed, when none of its keys exist.
std::string_view reply_on_empty_cache(const Request& req) {
  if (req.too_large) return "SERVER_ERROR object too large for cache\r\n";
  switch (req.command) {
    case Command::kGet: case Command::kGets: case Command::kGat: case Command::kGats:
      return "END\r\n";
    case Command::kSet: case Command::kAdd:
      return "STORED\r\n";
    case Command::kReplace: case Command::kAppend: case Command::kPrepend:
      return "NOT_STORED\r\n";
    case Command::kCas: case Command::kDelete: case Command::kIncr: case Command::kDecr:
    case Command::kTouch:
      return "NOT_FOUND\r\n";
    case Command::kFlushAll: case Command::kVerbosity:
      return "OK\r\n";
    case Command::kVersion:
      return "VERSION 1.6.18\r\n";
    case Command::kShutdown:
      return "ERROR: shutdown not enabled\r\n";
    case Command::kMetaNoop:
      return "MN\r\n";
    default:
      return "?\r\n";
  }
}

bool is_retrieval(Command c) {
  return c == Command::kGet || c == Command::kGets || c == Command::kGat || c == Command::kGats;
}

bool starts_get_line(std::string_view in) {
  in.remove_prefix(std::min(in.find_first_not_of(' '), in.size()));
  for (std::string_view name : {"get ", "gets ", "gat ", "gats ", "bget "}) {
    if (in.starts_with(name)) return true;
  }
  return false;
}

// Runs one connection's bytes (one read batch) through the parser; true if memcached
// closes. memcached writes replies out only after a get-family command or mn (conn_mwrite)
// and when it runs out of input, so `flushed` tracks what is already on the wire.
bool predict(std::string_view in, std::string& out) {
  Request req;
  std::size_t flushed = 0;
  while (!in.empty()) {
    const ParseResult r = parse_text_request(in, req);
    if (r.status == ParseStatus::kNeedMore) {
      // Waiting for a data block, memcached holds back what it has not written yet.
      if (in.find('\n') != std::string_view::npos) out.resize(flushed);
      return false;
    }
    if (r.close) {
      out.resize(flushed);  // dropped with the connection
      return true;
    }
    if (r.status == ParseStatus::kBad) {
      // A get with a too long key culls every reply not yet written.
      if (r.error == "CLIENT_ERROR bad command line format" && starts_get_line(in)) {
        out.resize(flushed);
      }
      if (!r.error.empty()) out.append(r.error).append("\r\n");
    } else if (req.command == Command::kQuit) {
      return true;
    } else if (!req.noreply) {
      out.append(reply_on_empty_cache(req));
    }
    if (r.status == ParseStatus::kOk &&
        (is_retrieval(req.command) || req.command == Command::kMetaNoop)) {
      flushed = out.size();
    }
    in.remove_prefix(r.consumed);
    if (r.swallow > in.size()) {
      out.resize(flushed);
      return false;
    }
    in.remove_prefix(r.swallow);
  }
  return false;
}

bool read_exact(void* p, std::size_t n) { return std::fread(p, 1, n, stdin) == n; }

}  // namespace

int main() {
  uint32_t len = 0;
  std::string in;
  std::string out;
  while (read_exact(&len, sizeof len)) {
    in.resize(len);
    if (len != 0 && !read_exact(in.data(), len)) return 1;
    out.clear();
    const uint8_t closed = predict(in, out) ? 1 : 0;
    const uint32_t out_len = static_cast<uint32_t>(out.size());
    std::fwrite(&out_len, sizeof out_len, 1, stdout);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fwrite(&closed, 1, 1, stdout);
    std::fflush(stdout);
  }
  return 0;
}
