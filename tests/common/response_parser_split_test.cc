// Every reply of a corpus is fed cut at every offset: each cut must ask for more without
// consuming anything, the complete bytes must give the reply, and bytes of the next reply
// behind it must not change what is consumed. The replies are memcached 1.6.18's.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/protocol/response_parser.h"

namespace ringcache::common {
namespace {

using namespace std::literals;
using E = ResponseExpect;

std::vector<std::pair<E, std::string>> corpus() {
  return {
      {E::kValues,
       "VALUE a 5 3\r\nabc\r\nVALUE b 0 9\r\nx\r\nEND\r\ny\r\nVALUE e 0 0\r\n\r\nEND\r\n"},
      {E::kValues, "VALUE a 5 3 1\r\nabc\r\nVALUE b 0 9 2\r\nx\r\nEND\r\ny\r\nEND\r\n"},
      {E::kValues, "END\r\n"},
      {E::kValues, "CLIENT_ERROR bad command line format\r\n"},
      {E::kValues, "VALUE v 0 7\r\n\r\nEND\r\n\r\nEND\r\n"},
      {E::kStorage, "STORED\r\n"},
      {E::kStorage, "NOT_STORED\r\n"},
      {E::kStorage, "SERVER_ERROR object too large for cache\r\n"},
      {E::kDelete, "DELETED\r\n"},
      {E::kArith, "18446744073709551615\r\n"},
      {E::kArith, "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"},
      {E::kTouch, "TOUCHED\r\n"},
      {E::kVersion, "VERSION 1.6.18\r\n"},
      {E::kFlushAll, "OK\r\n"},
      {E::kStats, "STAT pid 1\r\nSTAT version 1.6.18\r\nSTAT rusage_user 0.001\r\nEND\r\n"},
      {E::kStats, "ITEM b [9 b; 0 s]\r\nEND\r\n"},
      {E::kStats, "RESET\r\n"},
      {E::kMetaGet, "VA 3 f0 c7 t-1 s3 kq\r\nabc\r\n"},
      {E::kMetaGet, "VA 9\r\nx\r\nEND\r\ny\r\n"},
      {E::kMetaGet, "EN knosuch O9\r\n"},
      {E::kMetaSet, "NS\r\n"},
      {E::kMetaArith, "VA 2\r\n13\r\n"},
      {E::kMetaNoop, "MN\r\n"},
      {E::kMetaDebug, "ME c exp=-1 la=1 cas=15 fetch=no cls=1 size=61\r\n"},
  };
}

void check_every_cut(E expect, std::string_view reply, std::string_view next) {
  Response out;
  for (std::size_t cut = 0; cut < reply.size(); ++cut) {
    const ParseResult r = parse_response(reply.substr(0, cut), expect, out);
    ASSERT_EQ(r.status, ParseStatus::kNeedMore) << reply << " cut at " << cut;
    ASSERT_EQ(r.consumed, 0u);
    ASSERT_GT(out.need, cut);
    ASSERT_LE(out.need, reply.size());
  }
  const std::string both = std::string(reply) + std::string(next);
  const ParseResult r = parse_response(both, expect, out);
  ASSERT_EQ(r.status, ParseStatus::kOk) << reply;
  ASSERT_EQ(r.consumed, reply.size());
  ASSERT_EQ(out.raw, reply);
}

TEST(ResponseParserSplit, EveryReplyAtEveryOffset) {
  for (const auto& [expect, reply] : corpus()) {
    check_every_cut(expect, reply, "END\r\n");
    check_every_cut(expect, reply, "VALUE a 0 1\r\n");
  }
}

// The reply a node sends for a 100-key get: values of many sizes, some holding
// "\r\nEND\r\n" or "VALUE" lines, some keys missing.
std::string hundred_key_reply(std::vector<std::string>& values) {
  std::string reply;
  for (int i = 0; i < 100; ++i) {
    if (i % 7 == 3) continue;  // a miss: memcached writes nothing for it
    std::string v = (i % 5 == 0) ? "\r\nEND\r\n" : "";
    if (i % 11 == 0) v += "VALUE k 0 1\r\nx\r\n";
    v += std::string(static_cast<std::size_t>(i * 37 % 500), static_cast<char>('a' + i % 26));
    reply += "VALUE key:" + std::to_string(i) + " " + std::to_string(i) + " " +
             std::to_string(v.size()) + " " + std::to_string(1000 + i) + "\r\n" + v + "\r\n";
    values.push_back(v);
  }
  return reply + "END\r\n";
}

TEST(ResponseParserSplit, HundredKeyMultiGet) {
  std::vector<std::string> values;
  const std::string reply = hundred_key_reply(values);
  Response out;
  const ParseResult r = parse_response(reply, E::kValues, out);
  ASSERT_EQ(r.status, ParseStatus::kOk);
  ASSERT_EQ(r.consumed, reply.size());
  ASSERT_EQ(out.items.size(), values.size());
  std::string rebuilt;
  for (std::size_t n = 0, i = 0; i < 100; ++i) {
    if (i % 7 == 3) continue;
    const ValueItem& item = out.items[n];
    EXPECT_EQ(item.key, "key:" + std::to_string(i));
    EXPECT_EQ(item.flags, i);
    EXPECT_EQ(item.cas, 1000 + i);
    EXPECT_EQ(item.value, values[n]);
    rebuilt += item.raw;
    ++n;
  }
  EXPECT_EQ(rebuilt + "END\r\n", reply);  // items can be forwarded by their raw bytes
  check_every_cut(E::kValues, reply, "END\r\n");
}

TEST(ResponseParserSplit, AStreamOfRepliesTakenOneByOne) {
  std::string stream;
  std::vector<std::pair<E, std::size_t>> sizes;
  for (const auto& [expect, reply] : corpus()) {
    stream += reply;
    sizes.emplace_back(expect, reply.size());
  }
  std::string_view rest = stream;
  Response out;
  for (const auto& [expect, size] : sizes) {
    const ParseResult r = parse_response(rest, expect, out);
    ASSERT_EQ(r.status, ParseStatus::kOk);
    ASSERT_EQ(r.consumed, size);
    rest.remove_prefix(r.consumed);
  }
  EXPECT_TRUE(rest.empty());
}

}  // namespace
}  // namespace ringcache::common
