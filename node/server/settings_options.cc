// apply_options(): turns command-line options (already split by main.cc) into Settings,
// one rule per memcached flag, and the -o list with memcached 1.6's option names.
#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

#include "node/server/settings.h"

namespace ringcache::node {
namespace {

using Handler = std::string (*)(Settings&, std::string_view);

struct OptionRule {
  std::string_view name;  // long name, as in memcached's getopt_long table
  char letter;            // short flag
  Handler apply;          // returns "" or why the value is unusable
};

template <typename T>
bool parse_number(std::string_view text, T& out, int base = 10) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return false;
  out = value;
  return true;
}

bool parse_double(std::string_view text, double& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

template <auto Field>
std::string set_int(Settings& s, std::string_view v) {
  return parse_number(v, s.*Field) ? "" : "expected a whole number";
}

template <auto Field>
std::string set_string(Settings& s, std::string_view v) {
  s.*Field = std::string(v);
  return "";
}

template <auto Field, bool Value>
std::string set_flag(Settings& s, std::string_view) {
  s.*Field = Value;
  return "";
}

std::string ignore(Settings&, std::string_view) { return ""; }

std::string add_listen(Settings& s, std::string_view v) {
  // memcached splits on both ',' and ';', skips empty pieces (strtok) and repeats.
  std::size_t start = 0;
  while (start <= v.size()) {
    std::size_t end = std::min(v.find_first_of(",;", start), v.size());
    std::string entry(v.substr(start, end - start));
    if (!entry.empty() && std::find(s.listen.begin(), s.listen.end(), entry) == s.listen.end()) {
      s.listen.push_back(std::move(entry));
    }
    start = end + 1;
  }
  return "";
}

constexpr OptionRule kRules[] = {
    {"port", 'p', set_int<&Settings::port>},
    {"udp-port", 'U', set_int<&Settings::udp_port>},
    {"unix-socket", 's', set_string<&Settings::unix_socket>},
    {"unix-mask", 'a',
     [](Settings& s, std::string_view v) -> std::string {
       return parse_number(v, s.unix_mask, 8) ? "" : "expected an octal mask";
     }},
    {"enable-shutdown", 'A', set_flag<&Settings::shutdown_enabled, true>},
    {"listen", 'l', add_listen},
    {"daemon", 'd', set_flag<&Settings::daemonize, true>},
    {"user", 'u', set_string<&Settings::user>},
    {"memory-limit", 'm',
     [](Settings& s, std::string_view v) -> std::string {
       return parse_size(v, std::size_t{1} << 20, s.memory_limit)
                  ? "" : "expected megabytes, or a size with a k/m/g suffix";
     }},
    {"disable-evictions", 'M', set_flag<&Settings::evict, false>},
    {"conn-limit", 'c', set_int<&Settings::max_connections>},
    {"verbose", 'v',
     [](Settings& s, std::string_view) -> std::string {
       ++s.verbose;
       return "";
     }},
    {"pidfile", 'P', set_string<&Settings::pid_file>},
    {"slab-growth-factor", 'f',
     [](Settings& s, std::string_view v) -> std::string {
       return parse_double(v, s.growth_factor) ? "" : "expected a number";
     }},
    {"slab-min-size", 'n', set_int<&Settings::chunk_size>},
    {"threads", 't', set_int<&Settings::threads>},
    {"max-reqs-per-event", 'R', set_int<&Settings::reqs_per_event>},
    {"disable-cas", 'C', set_flag<&Settings::use_cas, false>},
    {"listen-backlog", 'b', set_int<&Settings::backlog>},
    {"protocol", 'B', set_string<&Settings::protocol>},
    {"max-item-size", 'I',
     [](Settings& s, std::string_view v) -> std::string {
       return parse_size(v, 1, s.item_size_max) ? ""
                                                 : "expected bytes with an optional k/m/g suffix";
     }},
    {"enable-sasl", 'S', set_flag<&Settings::sasl, true>},
    {"disable-flush-all", 'F', set_flag<&Settings::flush_enabled, false>},
    // -X and -W switch off commands the node does not have (cachedump, watch): nothing to do.
    {"disable-dumping", 'X', ignore},
    {"disable-watch", 'W', ignore},
    {"auth-file", 'Y', set_string<&Settings::auth_file>},
    {"extended", 'o',
     [](Settings& s, std::string_view v) { return apply_extended_options(s, v); }},
    // Handled by main.cc before anything is applied; listed so that the table is complete.
    {"help", 'h', ignore},
    {"version", 'V', ignore},
};

// memcached 1.6's -o options that tune its slab allocator, LRU threads, logger, TLS and
// extstore: none of them has a counterpart here, so they are accepted (a config written for
// memcached still starts) and only recorded. Values are not checked.
enum class Arg { kNone, kRequired, kOptional };

struct IgnoredOption {
  std::string_view name;
  Arg arg;
};

constexpr IgnoredOption kIgnored[] = {
    {"hashpower", Arg::kRequired}, {"no_hashexpand", Arg::kNone},
    {"slab_reassign", Arg::kNone}, {"no_slab_reassign", Arg::kNone},
    {"slab_automove", Arg::kOptional}, {"no_slab_automove", Arg::kNone},
    {"slab_automove_ratio", Arg::kRequired}, {"slab_automove_window", Arg::kRequired},
    {"slab_automove_freeratio", Arg::kRequired}, {"slab_sizes", Arg::kRequired},
    {"slab_chunk_max", Arg::kRequired}, {"no_chunked_items", Arg::kNone},
    {"tail_repair_time", Arg::kRequired}, {"hash_algorithm", Arg::kRequired},
    {"lru_crawler", Arg::kNone}, {"no_lru_crawler", Arg::kNone},
    {"lru_crawler_sleep", Arg::kRequired}, {"lru_crawler_tocrawl", Arg::kRequired},
    {"lru_maintainer", Arg::kNone}, {"no_lru_maintainer", Arg::kNone},
    {"hot_lru_pct", Arg::kRequired}, {"warm_lru_pct", Arg::kRequired},
    {"hot_max_factor", Arg::kRequired}, {"warm_max_factor", Arg::kRequired},
    {"temporary_ttl", Arg::kRequired}, {"watcher_logbuf_size", Arg::kRequired},
    {"worker_logbuf_size", Arg::kRequired}, {"track_sizes", Arg::kNone},
    {"inline_ascii_resp", Arg::kNone}, {"no_inline_ascii_resp", Arg::kNone},
    {"modern", Arg::kNone}, {"no_modern", Arg::kNone},
    {"drop_privileges", Arg::kNone}, {"no_drop_privileges", Arg::kNone},
    {"resp_obj_mem_limit", Arg::kOptional}, {"read_buf_mem_limit", Arg::kRequired},
    {"sock_cookie_id", Arg::kRequired},
    {"ext_page_size", Arg::kRequired}, {"ext_wbuf_size", Arg::kRequired},
    {"ext_threads", Arg::kRequired}, {"ext_io_depth", Arg::kRequired},
    {"ext_item_size", Arg::kRequired}, {"ext_item_age", Arg::kRequired},
    {"ext_low_ttl", Arg::kRequired}, {"ext_recache_rate", Arg::kRequired},
    {"ext_compact_under", Arg::kRequired}, {"ext_drop_under", Arg::kRequired},
    {"ext_max_frag", Arg::kRequired}, {"ext_drop_unread", Arg::kNone},
    {"ssl_chain_cert", Arg::kRequired}, {"ssl_key", Arg::kRequired},
    {"ssl_verify_mode", Arg::kRequired}, {"ssl_keyformat", Arg::kRequired},
    {"ssl_ciphers", Arg::kRequired}, {"ssl_ca_cert", Arg::kRequired},
    {"ssl_wbuf_size", Arg::kRequired}, {"ssl_session_cache", Arg::kNone},
    {"ssl_kernel_tls", Arg::kNone}, {"ssl_min_version", Arg::kRequired},
};

// The -o options that mean something here. Returns nullopt when `key` is not one of them.
std::optional<std::string> apply_supported(Settings& s, std::string_view key,
                                           std::optional<std::string_view> value) {
  if (key == "maxconns_fast" || key == "no_maxconns_fast") {
    s.maxconns_fast = key == "maxconns_fast";
    return "";
  }
  if (key == "idle_timeout") {
    if (!value) return "Missing numeric argument for idle_timeout";
    if (!parse_number(*value, s.idle_timeout)) {
      return "invalid value \"" + std::string(*value) + "\" for -o idle_timeout";
    }
    return "";
  }
  if (key == "ext_path") return "external storage (-o ext_path) is not supported";
  return std::nullopt;
}

std::string apply_one_extended(Settings& s, std::string_view item) {
  std::size_t eq = item.find('=');
  std::string_view key = item.substr(0, eq);
  std::optional<std::string_view> value;
  if (eq != std::string_view::npos) value = item.substr(eq + 1);
  if (std::optional<std::string> handled = apply_supported(s, key, value)) return *handled;
  for (const IgnoredOption& option : kIgnored) {
    if (option.name != key) continue;
    if (option.arg == Arg::kRequired && (!value || value->empty())) {
      return "Missing argument for -o " + std::string(key);
    }
    s.extra_options.emplace_back(std::string(key), std::string(value.value_or("")));
    return "";
  }
  return "Illegal suboption \"" + std::string(item) + "\" (see -h for the -o options)";
}

}  // namespace

std::string apply_extended_options(Settings& settings, std::string_view list) {
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = std::min(list.find(',', start), list.size());
    if (end > start) {
      std::string error = apply_one_extended(settings, list.substr(start, end - start));
      if (!error.empty()) return error;
    }
    start = end + 1;
  }
  return "";
}

std::vector<std::string_view> ignored_extended_options() {
  std::vector<std::string_view> names;
  for (const IgnoredOption& option : kIgnored) names.push_back(option.name);
  return names;
}

std::string apply_options(Settings& settings, const std::vector<OptionValue>& options) {
  bool listen_given = false;
  for (const auto& [name, value] : options) {
    auto rule = std::find_if(std::begin(kRules), std::end(kRules),
                             [&](const OptionRule& r) { return r.name == name; });
    if (rule == std::end(kRules)) return "unrecognised option '--" + name + "'";
    if (rule->name == "listen" && !listen_given) {
      settings.listen.clear();  // the first -l replaces the default address
      listen_given = true;
    }
    std::string error = rule->apply(settings, value);
    if (!error.empty()) {
      if (rule->name == "extended") return error;
      return std::string("invalid value \"") + value + "\" for -" + rule->letter + " (--" +
             name + "): " + error;
    }
  }
  return "";
}

}  // namespace ringcache::node
