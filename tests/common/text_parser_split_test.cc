// Every request of a corpus of valid pipelines is fed cut at every offset: each cut must
// ask for more without consuming anything, and the complete bytes must give the same
// Request as parsing the whole pipeline does.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/protocol/text_parser.h"

namespace ringcache::common {
namespace {

using namespace std::literals;

void expect_same_request(const Request& a, const Request& b) {
  EXPECT_EQ(a.command, b.command);
  EXPECT_EQ(a.protocol, b.protocol);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.keys, b.keys);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.flags, b.flags);
  EXPECT_EQ(a.exptime, b.exptime);
  EXPECT_EQ(a.cas, b.cas);
  EXPECT_EQ(a.delta, b.delta);
  EXPECT_EQ(a.noreply, b.noreply);
  EXPECT_EQ(a.arg, b.arg);
  EXPECT_EQ(a.raw, b.raw);
  EXPECT_EQ(a.too_large, b.too_large);
  EXPECT_EQ(a.initial, b.initial);
  EXPECT_EQ(a.meta.present, b.meta.present);
  EXPECT_EQ(a.meta.tokens, b.meta.tokens);
}

std::vector<std::string> corpus() {
  std::string many_keys = "get";
  for (int i = 0; i < 100; ++i) many_keys += " key:" + std::to_string(i);
  std::string long_keys = "gets";  // longer than 2048 bytes before its '\n'
  for (int i = 0; i < 40; ++i) long_keys += " " + std::string(60, 'a' + i % 26);
  const std::string k250(250, 'k');
  return {
      "get foo\r\n",
      "get foo\n",
      "gets a b c\r\n",
      "gat 100 a b\r\n",
      "gats -1 a\r\n",
      many_keys + "\r\n",
      long_keys + "\r\n",
      "get " + k250 + "\r\n",
      "set " + k250 + " 1 2 3\r\nabc\r\n",
      "set k 0 0 5\r\nhello\r\nget k\r\n",
      "set k 0 0 6\r\na\0\r\nb\r\r\n"s,
      "set k 0 0 4\r\n\r\n\r\n\r\n",
      "add k 4294967295 0 1 noreply\r\nx\r\nappend k 0 0 2\r\nyz\r\n",
      "replace k 0 0 0\r\n\r\nprepend k 0 0 1\nx\r\n",
      "cas k 1 2 3 99\r\nabc\r\ncas k 0 0 1 7 noreply\r\nx\r\n",
      "delete k\r\ndelete k 0\r\ndelete k noreply\r\ndelete k 0 noreply\r\n",
      "incr n 1\r\ndecr n 18446744073709551615 noreply\r\n",
      "touch k 10\r\ntouch k -1 noreply\r\n",
      "flush_all\r\nflush_all 10\r\nflush_all noreply\r\nflush_all 0 noreply\r\n",
      "version\r\nverbosity 1\r\nverbosity 0 noreply\r\n",
      "stats\r\nstats items\r\nstats detail dump\r\n",
      "shutdown\r\nshutdown graceful\r\nquit\r\nmn\r\n",
      "mg foo v k O1 T30\r\nms k 3 T0 F1 MA\r\nabc\r\nms k 0\r\n\r\n",
      "md k q C5\r\nma k D5 J1 N0 v\r\nme k\r\n",
  };
}

// Parses every request of `pipeline` in turn and checks each one cut at every offset.
void check_pipeline(const std::string& pipeline) {
  std::string_view rest = pipeline;
  Request whole;
  Request part;
  for (int n = 0; !rest.empty(); ++n) {
    SCOPED_TRACE("request " + std::to_string(n) + ": " + std::string(rest.substr(0, 60)));
    const ParseResult r = parse_text_request(rest, whole);
    ASSERT_EQ(r.status, ParseStatus::kOk);
    ASSERT_GT(r.consumed, 0u);
    for (std::size_t cut = 0; cut < r.consumed; ++cut) {
      const ParseResult p = parse_text_request(rest.substr(0, cut), part);
      ASSERT_EQ(p.status, ParseStatus::kNeedMore) << "cut at " << cut;
      ASSERT_EQ(p.consumed, 0u) << "cut at " << cut;
    }
    const ParseResult exact = parse_text_request(rest.substr(0, r.consumed), part);
    EXPECT_EQ(exact.status, ParseStatus::kOk);
    EXPECT_EQ(exact.consumed, r.consumed);
    expect_same_request(part, whole);
    rest.remove_prefix(r.consumed);
  }
}

TEST(TextParserSplit, EveryCutOfEveryRequestNeedsMore) {
  for (const std::string& pipeline : corpus()) check_pipeline(pipeline);
}

TEST(TextParserSplit, WholeCorpusAsOnePipeline) {
  std::string all;
  for (const std::string& pipeline : corpus()) all += pipeline;
  check_pipeline(all);
}

}  // namespace
}  // namespace ringcache::common
