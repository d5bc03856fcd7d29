// Requests to a node: exact bytes, and round trips through parse_text_request (what a
// node running the same parser, or memcached, reads back).
#include "common/protocol/request_writer.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "common/protocol/text_parser.h"

namespace ringcache::common {
namespace {

using namespace std::literals;

// Parses `bytes` as exactly one request.
Request reparse(std::string_view bytes) {
  Request req;
  const ParseResult r = parse_text_request(bytes, req);
  EXPECT_EQ(r.status, ParseStatus::kOk) << bytes;
  EXPECT_EQ(r.consumed, bytes.size()) << bytes;
  return req;
}

TEST(RequestWriter, Retrieval) {
  std::string out;
  const std::array keys = {"a"sv, "key:2"sv, "c"sv};
  write_retrieval(out, Command::kGet, keys);
  EXPECT_EQ(out, "get a key:2 c\r\n");
  out.clear();
  write_retrieval(out, Command::kGets, std::span(keys).subspan(1, 1));
  EXPECT_EQ(out, "gets key:2\r\n");
  out.clear();
  write_retrieval(out, Command::kGat, keys, 100);
  EXPECT_EQ(out, "gat 100 a key:2 c\r\n");
  out.clear();
  write_retrieval(out, Command::kGats, std::span(keys).first(1), -1);
  EXPECT_EQ(out, "gats -1 a\r\n");

  const Request req = reparse("gat 100 a key:2 c\r\n");
  EXPECT_EQ(req.command, Command::kGat);
  EXPECT_EQ(req.exptime, 100);
  EXPECT_EQ(req.keys, std::vector(keys.begin(), keys.end()));
}

TEST(RequestWriter, Storage) {
  std::string out;
  write_storage(out, Command::kSet, "k", 5, 0, "abc");
  EXPECT_EQ(out, "set k 5 0 3\r\nabc\r\n");
  out.clear();
  write_storage(out, Command::kCas, "k", 4294967295u, -1, "x\r\nEND\r\n", UINT64_MAX, true);
  EXPECT_EQ(out, "cas k 4294967295 -1 8 18446744073709551615 noreply\r\nx\r\nEND\r\n\r\n");
  const Request req = reparse(out);
  EXPECT_EQ(req.command, Command::kCas);
  EXPECT_EQ(req.flags, 4294967295u);
  EXPECT_EQ(req.exptime, -1);
  EXPECT_EQ(req.cas, UINT64_MAX);
  EXPECT_EQ(req.value, "x\r\nEND\r\n");
  EXPECT_TRUE(req.noreply);
  out.clear();
  write_storage(out, Command::kAdd, "k", 0, 2592000, "", 7);  // cas is only for cas
  write_storage(out, Command::kReplace, "k", 1, 0, "r");
  write_storage(out, Command::kAppend, "k", 0, 0, "ap");
  write_storage(out, Command::kPrepend, "k", 0, 0, "pre", 0, true);
  EXPECT_EQ(out,
            "add k 0 2592000 0\r\n\r\nreplace k 1 0 1\r\nr\r\nappend k 0 0 2\r\nap\r\n"
            "prepend k 0 0 3 noreply\r\npre\r\n");
}

TEST(RequestWriter, SingleKeyAndNoKeyCommands) {
  std::string out;
  write_delete(out, "k");
  write_delete(out, "k", true);
  write_arith(out, Command::kIncr, "n", 5);
  write_arith(out, Command::kDecr, "n", UINT64_MAX, true);
  write_touch(out, "k", 10);
  write_touch(out, "k", -1, true);
  EXPECT_EQ(out,
            "delete k\r\ndelete k noreply\r\nincr n 5\r\ndecr n 18446744073709551615 noreply\r\n"
            "touch k 10\r\ntouch k -1 noreply\r\n");
  out.clear();
  write_flush_all(out);
  write_flush_all(out, 30);
  write_flush_all(out, 0, true);
  write_version(out);
  write_stats(out);
  write_stats(out, "items");
  write_stats(out, "detail dump");
  write_verbosity(out, 1);
  write_verbosity(out, 0, true);
  EXPECT_EQ(out,
            "flush_all\r\nflush_all 30\r\nflush_all noreply\r\nversion\r\nstats\r\n"
            "stats items\r\nstats detail dump\r\nverbosity 1\r\nverbosity 0 noreply\r\n");
}

TEST(RequestWriter, AppendsAfterExistingBytes) {
  std::string out = "get a\r\n";
  write_delete(out, "b");
  EXPECT_EQ(out, "get a\r\ndelete b\r\n");
}

// Every parsed request, recomposed, parses back to the same fields.
TEST(RequestWriter, RecomposedRequestsParseBackTheSame) {
  const std::string k250(250, 'k');
  const std::vector<std::string> corpus = {
      "get foo\r\n",
      "gets a b c\r\n",
      "gat 100 a b\r\n",
      "gats -1 a\r\n",
      "get  a   b\n",
      "get " + k250 + "\r\n",
      "set k 0 0 5\r\nhello\r\n",
      "set k 0 0 6\r\na\0\r\nb\r\r\n"s,
      "add k 4294967295 0 1 noreply\r\nx\r\n",
      "replace k 0 0 0\r\n\r\n",
      "append k 0 0 2\r\nyz\r\n",
      "prepend k 0 0 1\nx\r\n",
      "cas k 1 2 3 99\r\nabc\r\n",
      "cas k 0 0 1 7 noreply\r\nx\r\n",
      "set k 1 +5 1\r\nx\r\n",
      "delete k\r\n",
      "delete k 0\r\n",
      "delete k noreply\r\n",
      "incr n 1\r\n",
      "decr n 18446744073709551615 noreply\r\n",
      "touch k 10\r\n",
      "touch k -1 noreply\r\n",
      "flush_all\r\n",
      "flush_all 10\r\n",
      "flush_all 0 noreply\r\n",
      "version\r\n",
      "verbosity 1\r\n",
      "verbosity 0 noreply\r\n",
      "stats\r\n",
      "stats items\r\n",
      "stats detail dump\r\n",
  };
  for (const std::string& bytes : corpus) {
    const Request a = reparse(bytes);
    std::string out;
    ASSERT_TRUE(write_request(out, a)) << bytes;
    const Request b = reparse(out);
    EXPECT_EQ(a.command, b.command) << bytes;
    EXPECT_EQ(a.key, b.key) << bytes;
    EXPECT_EQ(a.keys, b.keys) << bytes;
    EXPECT_EQ(a.value, b.value) << bytes;
    EXPECT_EQ(a.flags, b.flags) << bytes;
    EXPECT_EQ(a.exptime, b.exptime) << bytes;
    EXPECT_EQ(a.cas, b.cas) << bytes;
    EXPECT_EQ(a.delta, b.delta) << bytes;
    EXPECT_EQ(a.noreply, b.noreply) << bytes;
    EXPECT_EQ(a.arg, b.arg) << bytes;
    std::string again;
    ASSERT_TRUE(write_request(again, b));
    EXPECT_EQ(again, out) << "the written form is canonical: " << bytes;
  }
}

TEST(RequestWriter, CanonicalForms) {
  std::string out;
  write_request(out, reparse("get  a   b\n"));
  write_request(out, reparse("set k 1 +5 1\r\nx\r\n"));
  write_request(out, reparse("delete k 0\r\n"));
  write_request(out, reparse("flush_all 0 noreply\r\n"));
  EXPECT_EQ(out, "get a b\r\nset k 1 5 1\r\nx\r\ndelete k\r\nflush_all noreply\r\n");
}

TEST(RequestWriter, RefusesWhatIsNotSentThisWay) {
  std::string out;
  Request req;
  for (Command c : {Command::kNone, Command::kQuit, Command::kShutdown, Command::kMetaGet,
                    Command::kMetaNoop, Command::kSaslAuth}) {
    req.command = c;
    EXPECT_FALSE(write_request(out, req));
  }
  req = reparse("set k 0 0 5\r\nhello\r\n");
  req.too_large = true;  // the data block was swallowed, not kept
  EXPECT_FALSE(write_request(out, req));
  EXPECT_TRUE(out.empty());
}

TEST(RequestWriter, MetaPassThrough) {
  std::string out;
  EXPECT_TRUE(write_meta(out, "mg  foo v   q\r\n"));
  EXPECT_EQ(out, "mg  foo v   q\r\n");  // no edit: the bytes as received
  out.clear();
  EXPECT_FALSE(write_meta(out, "mg foo v"));
  EXPECT_TRUE(out.empty());
}

TEST(RequestWriter, MetaFlagEdits) {
  std::string out;
  const std::array opaque = {"O17"sv};
  write_meta(out, "mg foo v q O3 k\r\n", {"qO", opaque});
  EXPECT_EQ(out, "mg foo v k O17\r\n");
  out.clear();
  // ms: key and length are not flags, even when they look like one; the data block stays.
  write_meta(out, "ms q 5 q T0 F5\r\nq\r\nq\r\n", {"q", opaque});
  EXPECT_EQ(out, "ms q 5 T0 F5 O17\r\nq\r\nq\r\n");
  out.clear();
  write_meta(out, "mn\r\n", {{}, opaque});
  EXPECT_EQ(out, "mn O17\r\n");
  out.clear();
  write_meta(out, "md qq q\n", {"q", {}});
  write_meta(out, "ma  n  q  D5 v\r\n", {"q", {}});
  EXPECT_EQ(out, "md qq\r\nma n D5 v\r\n");
}

}  // namespace
}  // namespace ringcache::common
