#include "common/protocol/text_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "common/protocol/text_parser.h"

namespace ringcache::common::text {
namespace {

using namespace std::literals;

TEST(TextWriter, ValueLines) {
  std::string out;
  append_value(out, "k", 0, "hello");
  EXPECT_EQ(out, "VALUE k 0 5\r\nhello\r\n");
  out.clear();
  append_value(out, "key", 4294967295u, "a\0\r\n"s, 18446744073709551615u);
  EXPECT_EQ(out, "VALUE key 4294967295 4 18446744073709551615\r\na\0\r\n\r\n"s);
  out.clear();
  append_value(out, "e", 7, "");
  EXPECT_EQ(out, "VALUE e 7 0\r\n\r\n");
}

TEST(TextWriter, ValueHeadersForSeparateData) {
  std::string out;
  append_value_header(out, "k", 3, 1048576);
  append_value_header(out, "k", 3, 0, 42);
  EXPECT_EQ(out, "VALUE k 3 1048576\r\nVALUE k 3 0 42\r\n");
}

TEST(TextWriter, AppendsAfterExistingBytes) {
  std::string out = "STORED\r\n";
  append_value(out, "a", 1, "x");
  out += kEnd;
  EXPECT_EQ(out, "STORED\r\nVALUE a 1 1\r\nx\r\nEND\r\n");
}

TEST(TextWriter, StatusLines) {
  EXPECT_EQ(kStored, "STORED\r\n");
  EXPECT_EQ(kNotStored, "NOT_STORED\r\n");
  EXPECT_EQ(kExists, "EXISTS\r\n");
  EXPECT_EQ(kNotFound, "NOT_FOUND\r\n");
  EXPECT_EQ(kDeleted, "DELETED\r\n");
  EXPECT_EQ(kTouched, "TOUCHED\r\n");
  EXPECT_EQ(kOk, "OK\r\n");
  EXPECT_EQ(kEnd, "END\r\n");
  EXPECT_EQ(kError, "ERROR\r\n");
  EXPECT_EQ(kTooLarge, "SERVER_ERROR object too large for cache\r\n");
  std::string out;
  append_line(out, "CLIENT_ERROR bad data chunk");
  EXPECT_EQ(out, "CLIENT_ERROR bad data chunk\r\n");
}

TEST(TextWriter, Numbers) {
  std::string out;
  append_number(out, 0);
  append_number(out, 15);
  append_number(out, std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(out, "0\r\n15\r\n18446744073709551615\r\n");
}

TEST(TextWriter, StatLines) {
  std::string out;
  append_stat(out, "version", "1.6.18");
  append_stat(out, "curr_items", uint64_t{0});
  append_stat(out, "bytes", std::numeric_limits<uint64_t>::max());
  append_stat_signed(out, "delta", std::numeric_limits<int64_t>::min());
  EXPECT_EQ(out,
            "STAT version 1.6.18\r\nSTAT curr_items 0\r\n"
            "STAT bytes 18446744073709551615\r\nSTAT delta -9223372036854775808\r\n");
}

TEST(TextWriter, Version) {
  std::string out;
  append_version(out, "1.6.18");
  EXPECT_EQ(out, "VERSION 1.6.18\r\n");
}

// A set written the way a client writes it parses back to the same fields, and the
// writer's VALUE line carries them unchanged.
TEST(TextWriter, RoundTripThroughTheParser) {
  const std::string data = "a\0b\r\nc"s;
  std::string wire = "set key 123 0 " + std::to_string(data.size()) + "\r\n" + data + "\r\n";
  Request req;
  ASSERT_EQ(parse_text_request(wire, req).status, ParseStatus::kOk);
  std::string out;
  append_value(out, req.key, req.flags, req.value, 9);
  EXPECT_EQ(out, "VALUE key 123 6 9\r\n" + data + "\r\n");
}

}  // namespace
}  // namespace ringcache::common::text
