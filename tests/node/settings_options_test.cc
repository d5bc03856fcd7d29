#include <gtest/gtest.h>

#include <algorithm>

#include "node/server/settings.h"

namespace ringcache::node {
namespace {

// Applies options to default settings; returns apply_options()'s error.
std::string apply(Settings& s, const std::vector<OptionValue>& options) {
  return apply_options(s, options);
}

TEST(ApplyOptionsTest, SetsEveryFieldFromItsLongName) {
  Settings s;
  ASSERT_EQ(apply(s, {{"port", "12000"}, {"unix-socket", "/tmp/x.sock"}, {"unix-mask", "755"},
                      {"memory-limit", "128"}, {"conn-limit", "10"}, {"threads", "2"},
                      {"max-item-size", "2m"}, {"disable-cas", ""}, {"disable-evictions", ""},
                      {"enable-shutdown", ""}, {"disable-flush-all", ""},
                      {"listen-backlog", "50"}, {"max-reqs-per-event", "5"},
                      {"protocol", "ascii"}, {"daemon", ""}, {"pidfile", "/tmp/p"},
                      {"user", "nobody"}, {"slab-growth-factor", "1.5"},
                      {"slab-min-size", "64"}, {"udp-port", "0"}}),
            "");
  EXPECT_EQ(s.port, 12000);
  EXPECT_EQ(s.unix_socket, "/tmp/x.sock");
  EXPECT_EQ(s.unix_mask, 0755);
  EXPECT_EQ(s.memory_limit, 128u << 20);
  EXPECT_EQ(s.max_connections, 10);
  EXPECT_EQ(s.threads, 2);
  EXPECT_EQ(s.item_size_max, 2u << 20);
  EXPECT_FALSE(s.use_cas);
  EXPECT_FALSE(s.evict);
  EXPECT_TRUE(s.shutdown_enabled);
  EXPECT_FALSE(s.flush_enabled);
  EXPECT_EQ(s.backlog, 50);
  EXPECT_EQ(s.reqs_per_event, 5);
  EXPECT_EQ(s.protocol, "ascii");
  EXPECT_TRUE(s.daemonize);
  EXPECT_EQ(s.pid_file, "/tmp/p");
  EXPECT_EQ(s.user, "nobody");
  EXPECT_DOUBLE_EQ(s.growth_factor, 1.5);
  EXPECT_EQ(s.chunk_size, 64);
  EXPECT_EQ(validate(s), "");
}

TEST(ApplyOptionsTest, VerboseCounts) {
  Settings s;
  ASSERT_EQ(apply(s, {{"verbose", ""}, {"verbose", ""}, {"verbose", ""}}), "");
  EXPECT_EQ(s.verbose, 3);
}

TEST(ApplyOptionsTest, ListenReplacesTheDefaultAndAccumulates) {
  Settings s;
  ASSERT_EQ(apply(s, {{"listen", "10.0.0.1,10.0.0.2"}, {"listen", "::1;;[::1]:9,10.0.0.1"}}), "");
  EXPECT_EQ(s.listen, (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "::1", "[::1]:9"}));
}

TEST(ApplyOptionsTest, NonNumericValuesAreErrorsNamingTheFlag) {
  for (const char* name : {"port", "conn-limit", "threads", "memory-limit", "max-item-size",
                           "listen-backlog", "max-reqs-per-event", "udp-port", "unix-mask",
                           "slab-growth-factor", "slab-min-size"}) {
    Settings s;
    std::string error = apply(s, {{name, "abc"}});
    EXPECT_NE(error.find("\"abc\""), std::string::npos) << name << ": " << error;
    EXPECT_NE(error.find(std::string("--") + name), std::string::npos) << error;
  }
  Settings s;
  EXPECT_NE(apply(s, {{"port", "11211x"}}), "");
  EXPECT_NE(apply(s, {{"port", ""}}), "");
  EXPECT_NE(apply(s, {{"unix-mask", "0888"}}), "");
  EXPECT_NE(apply(s, {{"max-item-size", "1t"}}), "");
}

TEST(ApplyOptionsTest, NegativeNumbersReachValidation) {
  Settings s;
  ASSERT_EQ(apply(s, {{"port", "-1"}}), "");
  EXPECT_NE(validate(s), "");
}

TEST(ApplyOptionsTest, MemoryLimitTakesMegabytesOrSuffixes) {
  Settings s;
  ASSERT_EQ(apply(s, {{"memory-limit", "1g"}}), "");
  EXPECT_EQ(s.memory_limit, std::size_t{1} << 30);
  ASSERT_EQ(apply(s, {{"memory-limit", "512k"}}), "");
  EXPECT_EQ(s.memory_limit, 512u << 10);
}

TEST(ApplyOptionsTest, UnknownNameIsAnError) {
  Settings s;
  EXPECT_NE(apply(s, {{"bogus", ""}}), "");
}

TEST(ExtendedOptionsTest, SupportedOptionsSetFields) {
  Settings s;
  ASSERT_EQ(apply_extended_options(s, "idle_timeout=30,no_maxconns_fast"), "");
  EXPECT_EQ(s.idle_timeout, 30);
  EXPECT_FALSE(s.maxconns_fast);
  ASSERT_EQ(apply_extended_options(s, "maxconns_fast"), "");
  EXPECT_TRUE(s.maxconns_fast);
  EXPECT_TRUE(s.extra_options.empty());
  EXPECT_NE(apply_extended_options(s, "idle_timeout"), "");
  EXPECT_NE(apply_extended_options(s, "idle_timeout=soon"), "");
}

TEST(ExtendedOptionsTest, MemcachedTuningOptionsAreRecordedAndIgnored) {
  Settings s;
  ASSERT_EQ(apply(s, {{"extended", "slab_chunk_max=16,no_modern,hashpower=20"},
                      {"extended", "lru_crawler,slab_automove"}}),
            "");
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(s.extra_options, (std::vector<P>{{"slab_chunk_max", "16"}, {"no_modern", ""},
                                             {"hashpower", "20"}, {"lru_crawler", ""},
                                             {"slab_automove", ""}}));
  EXPECT_EQ(validate(s), "");
}

TEST(ExtendedOptionsTest, EveryListedOptionIsAccepted) {
  for (std::string_view name : ignored_extended_options()) {
    Settings s;
    EXPECT_EQ(apply_extended_options(s, std::string(name) + "=1"), "") << name;
  }
  auto names = ignored_extended_options();
  for (const char* memcached_name : {"slab_chunk_max", "no_modern", "modern", "no_lru_crawler",
                                     "no_lru_maintainer", "lru_crawler", "lru_maintainer",
                                     "hash_algorithm", "slab_reassign", "slab_automove",
                                     "tail_repair_time", "watcher_logbuf_size",
                                     "worker_logbuf_size", "track_sizes", "no_inline_ascii_resp",
                                     "read_buf_mem_limit", "hashpower"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), memcached_name), names.end()) << memcached_name;
  }
}

TEST(ExtendedOptionsTest, UnknownMissingValueAndExtstoreAreErrors) {
  Settings s;
  EXPECT_NE(apply_extended_options(s, "foo").find("Illegal suboption \"foo\""), std::string::npos);
  EXPECT_NE(apply_extended_options(s, "hashpower"), "");
  EXPECT_NE(apply_extended_options(s, "hashpower="), "");
  EXPECT_NE(apply_extended_options(s, "ext_path=/tmp/x:1g").find("not supported"),
            std::string::npos);
  EXPECT_NE(apply(s, {{"extended", "no_modern,bogus"}}), "");
}

}  // namespace
}  // namespace ringcache::node
