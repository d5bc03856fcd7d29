#include "common/protocol/request_writer.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace ringcache::common {
namespace {

constexpr std::string_view kCrlf = "\r\n";

template <typename Int>
void append_int(std::string& out, Int v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(res.ptr - buf));
}

template <typename Int>
void append_arg(std::string& out, Int v) {
  out.push_back(' ');
  append_int(out, v);
}

void append_arg(std::string& out, std::string_view v) {
  out.push_back(' ');
  out.append(v);
}

void end_line(std::string& out, bool noreply) {
  if (noreply) out.append(" noreply");
  out.append(kCrlf);
}

std::string_view retrieval_name(Command cmd) {
  switch (cmd) {
    case Command::kGets:
      return "gets";
    case Command::kGat:
      return "gat";
    case Command::kGats:
      return "gats";
    default:
      return "get";
  }
}

std::string_view storage_name(Command cmd) {
  switch (cmd) {
    case Command::kAdd:
      return "add";
    case Command::kReplace:
      return "replace";
    case Command::kAppend:
      return "append";
    case Command::kPrepend:
      return "prepend";
    case Command::kCas:
      return "cas";
    default:
      return "set";
  }
}

// Positional tokens after a meta command name: mn none, ms key and length, others a key.
std::size_t meta_positionals(std::string_view name) {
  if (name == "mn") return 0;
  return name == "ms" ? 2 : 1;
}

}  // namespace

void write_retrieval(std::string& out, Command cmd, std::span<const std::string_view> keys,
                     int64_t exptime) {
  out.append(retrieval_name(cmd));
  if (cmd == Command::kGat || cmd == Command::kGats) append_arg(out, exptime);
  for (std::string_view key : keys) append_arg(out, key);
  out.append(kCrlf);
}

void write_storage(std::string& out, Command cmd, std::string_view key, uint32_t flags,
                   int64_t exptime, std::string_view data, uint64_t cas, bool noreply) {
  out.append(storage_name(cmd));
  append_arg(out, key);
  append_arg(out, flags);
  append_arg(out, exptime);
  append_arg(out, data.size());
  if (cmd == Command::kCas) append_arg(out, cas);
  end_line(out, noreply);
  out.append(data);
  out.append(kCrlf);
}

void write_delete(std::string& out, std::string_view key, bool noreply) {
  out.append("delete");
  append_arg(out, key);
  end_line(out, noreply);
}

void write_arith(std::string& out, Command cmd, std::string_view key, uint64_t delta,
                 bool noreply) {
  out.append(cmd == Command::kDecr ? "decr" : "incr");
  append_arg(out, key);
  append_arg(out, delta);
  end_line(out, noreply);
}

void write_touch(std::string& out, std::string_view key, int64_t exptime, bool noreply) {
  out.append("touch");
  append_arg(out, key);
  append_arg(out, exptime);
  end_line(out, noreply);
}

void write_flush_all(std::string& out, int64_t delay, bool noreply) {
  out.append("flush_all");
  if (delay != 0) append_arg(out, delay);
  end_line(out, noreply);
}

void write_version(std::string& out) { out.append("version\r\n"); }

void write_stats(std::string& out, std::string_view group) {
  out.append("stats");
  if (!group.empty()) append_arg(out, group);
  out.append(kCrlf);
}

void write_verbosity(std::string& out, uint64_t level, bool noreply) {
  out.append("verbosity");
  append_arg(out, level);
  end_line(out, noreply);
}

bool write_request(std::string& out, const Request& r) {
  switch (r.command) {
    case Command::kGet:
    case Command::kGets:
    case Command::kGat:
    case Command::kGats:
      if (r.keys.empty() && !r.key.empty()) {
        write_retrieval(out, r.command, std::span(&r.key, 1), r.exptime);
      } else {
        write_retrieval(out, r.command, r.keys, r.exptime);
      }
      return true;
    case Command::kSet:
    case Command::kAdd:
    case Command::kReplace:
    case Command::kAppend:
    case Command::kPrepend:
    case Command::kCas:
      if (r.too_large) return false;  // its data block was never kept
      write_storage(out, r.command, r.key, r.flags, r.exptime, r.value, r.cas, r.noreply);
      return true;
    case Command::kDelete:
      write_delete(out, r.key, r.noreply);
      return true;
    case Command::kIncr:
    case Command::kDecr:
      write_arith(out, r.command, r.key, r.delta, r.noreply);
      return true;
    case Command::kTouch:
      write_touch(out, r.key, r.exptime, r.noreply);
      return true;
    case Command::kFlushAll:
      write_flush_all(out, r.exptime, r.noreply);
      return true;
    case Command::kVersion:
      write_version(out);
      return true;
    case Command::kStats:
      write_stats(out, r.arg);
      return true;
    case Command::kVerbosity:
      write_verbosity(out, r.delta, r.noreply);
      return true;
    default:
      return false;
  }
}

bool write_meta(std::string& out, std::string_view raw, const MetaEdit& edit) {
  const std::size_t nl = raw.find('\n');
  if (nl == std::string_view::npos) return false;
  if (edit.drop.empty() && edit.add.empty()) {
    out.append(raw);
    return true;
  }
  std::string_view line = raw.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::size_t positionals = 0;
  bool first = true;
  while (!line.empty()) {
    const std::size_t sp = std::min(line.find(' '), line.size());
    const std::string_view tok = line.substr(0, sp);
    line.remove_prefix(sp == line.size() ? sp : sp + 1);
    if (tok.empty()) continue;  // runs of spaces
    if (first) positionals = meta_positionals(tok);
    const bool is_flag = !first && positionals == 0;
    if (!first && !is_flag) --positionals;
    if (is_flag && edit.drop.find(tok.front()) != std::string_view::npos) continue;
    if (!first) out.push_back(' ');
    out.append(tok);
    first = false;
  }
  for (std::string_view tok : edit.add) append_arg(out, tok);
  out.append(kCrlf);
  out.append(raw.substr(nl + 1));
  return true;
}

}  // namespace ringcache::common
