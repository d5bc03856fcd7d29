// Meta protocol parsing; expectations checked against memcached 1.6.18 on loopback.
#include "common/protocol/meta_parser.h"

#include <gtest/gtest.h>

#include <string>

#include "common/protocol/request_parser.h"
#include "common/protocol/text_parser.h"

namespace ringcache::common {
namespace {

struct Parsed {
  ParseResult result;
  Request req;
};

// Through the text parser, as a session sees meta requests.
Parsed parse(std::string_view in) {
  Parsed p;
  p.result = parse_text_request(in, p.req);
  return p;
}

void expect_bad(std::string_view in, std::string_view error, std::size_t consumed,
                std::size_t swallow = 0) {
  SCOPED_TRACE(std::string(in.substr(0, 80)));
  Parsed p = parse(in);
  EXPECT_EQ(p.result.status, ParseStatus::kBad);
  EXPECT_EQ(p.result.error, error);
  EXPECT_EQ(p.result.consumed, consumed);
  EXPECT_EQ(p.result.swallow, swallow);
  EXPECT_FALSE(p.result.close);
}

void expect_bad_line(std::string_view line, std::string_view error) {
  expect_bad(line, error, line.size());
}

TEST(MetaParser, GetWithFlags) {
  Parsed p = parse("mg foo v k O123 t T30 q\r\n");
  ASSERT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_EQ(p.result.consumed, 25u);
  EXPECT_EQ(p.req.command, Command::kMetaGet);
  EXPECT_EQ(p.req.protocol, Protocol::kMeta);
  EXPECT_EQ(p.req.key, "foo");
  EXPECT_TRUE(p.req.meta.has('v'));
  EXPECT_TRUE(p.req.meta.has('k'));
  EXPECT_TRUE(p.req.meta.has('q'));
  EXPECT_FALSE(p.req.meta.has('c'));
  EXPECT_EQ(p.req.meta.token('O'), "123");
  EXPECT_EQ(p.req.meta.token('T'), "30");
  EXPECT_EQ(p.req.exptime, 30);
  EXPECT_FALSE(p.req.noreply);
  EXPECT_EQ(p.req.raw, "mg foo v k O123 t T30 q\r\n");
}

TEST(MetaParser, GetErrors) {
  expect_bad_line("mg\r\n", "ERROR");
  expect_bad_line("mg " + std::string(251, 'k') + " v\r\n", "CLIENT_ERROR bad command line format");
  expect_bad_line("mg a v v\r\n", "CLIENT_ERROR duplicate flag");
  expect_bad_line("mg a !\r\n", "CLIENT_ERROR invalid flag");
  expect_bad_line("mg a E1\r\n", "CLIENT_ERROR invalid flag");  // not in 1.6.18
  expect_bad_line("mg a Tx\r\n", "CLIENT_ERROR bad token in command line format");
  expect_bad_line("mg a MXY\r\n", "CLIENT_ERROR incorrect length for M token");
  expect_bad_line("mg a O" + std::string(40, '1') + "\r\n", "CLIENT_ERROR opaque token too long");
  expect_bad_line("mz a\r\n", "ERROR");
  expect_bad_line("mx HTTP/1.1\r\n", "ERROR");
}

TEST(MetaParser, SetReadsTheDataBlock) {
  Parsed p = parse("ms a 2 T0 F5 c k O9 MA C7\r\nhi\r\nmn\r\n");
  ASSERT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_EQ(p.result.consumed, 31u);
  EXPECT_EQ(p.req.command, Command::kMetaSet);
  EXPECT_EQ(p.req.value, "hi");
  EXPECT_EQ(p.req.flags, 5u);
  EXPECT_EQ(p.req.cas, 7u);
  EXPECT_EQ(p.req.meta.token('M'), "A");
  EXPECT_EQ(parse("ms a 2\r\nh").result.status, ParseStatus::kNeedMore);
}

TEST(MetaParser, SetErrorsBeforeTheLengthLeaveTheDataLine) {
  expect_bad("ms a\r\nx\r\n", "CLIENT_ERROR bad command line format", 6);
  expect_bad("ms a x\r\nx\r\n", "CLIENT_ERROR bad command line format", 8);
  expect_bad("ms a -1\r\nx\r\n", "CLIENT_ERROR bad command line format", 9);
  expect_bad("ms " + std::string(251, 'k') + " 1\r\nx\r\n", "CLIENT_ERROR bad command line format",
             258);
  std::string many = "ms a 1 k v c f s t l h O1 q u N1 R1 T1 P L I\r\n";
  expect_bad(many + "x\r\n", "CLIENT_ERROR options flags too long", many.size());
}

TEST(MetaParser, SetErrorsAfterTheLengthSwallowTheData) {
  expect_bad("ms a 1 !\r\nxyz\r\n", "CLIENT_ERROR invalid flag", 10, 3);
  expect_bad("ms a 1 MZ\r\nx\r\n", "CLIENT_ERROR invalid mode for ms M token", 11, 3);
  expect_bad("ms a 1 Fx\r\nx\r\n", "CLIENT_ERROR bad command line format", 11, 3);
  expect_bad("ms a 1 Fy Tx\r\nx\r\n", "CLIENT_ERROR bad token in command line format", 14, 3);
  expect_bad("ms a 1 O" + std::string(40, '1') + "\r\nx\r\n", "CLIENT_ERROR opaque token too long",
             50, 3);
}

TEST(MetaParser, SetBadChunkIsNeverQuiet) {
  expect_bad("ms a 1 q\r\nxyz\r\n", "CLIENT_ERROR bad data chunk", 13);
}

TEST(MetaParser, SetTooLarge) {
  Parsed p = parse("ms a 2000000\r\n");
  ASSERT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_TRUE(p.req.too_large);
  EXPECT_EQ(p.result.consumed, 14u);
  EXPECT_EQ(p.result.swallow, 2000002u);
}

TEST(MetaParser, DeleteAndArithmetic) {
  Parsed p = parse("md a q C5 T10\r\n");
  ASSERT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_EQ(p.req.command, Command::kMetaDelete);
  EXPECT_EQ(p.req.cas, 5u);
  p = parse("ma a N0 J5 D7 MD v\r\n");
  ASSERT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_EQ(p.req.command, Command::kMetaArithmetic);
  EXPECT_EQ(p.req.initial, 5u);
  EXPECT_EQ(p.req.delta, 7u);
  EXPECT_EQ(p.req.meta.token('M'), "D");
  EXPECT_EQ(parse("ma a\r\n").req.delta, 1u);  // default delta
  for (std::string_view in : {"md a !\r\n", "md a Cx\r\n", "md a x\r\n", "md a b b\r\n", "ma a Dx\r\n",
                              "ma a Jx\r\n"}) {
    expect_bad_line(in, "CLIENT_ERROR invalid or duplicate flag");
  }
  expect_bad_line("ma a Ma\r\n", "CLIENT_ERROR invalid mode for ma M token");
  expect_bad_line("md\r\n", "ERROR");
  expect_bad_line("md a k v c f s t l h O1 q u N1 R1 T1 P L I x\r\n",
                  "CLIENT_ERROR options flags too long");
}

TEST(MetaParser, NoopAndDebug) {
  Parsed p = parse("mn x\r\n");
  ASSERT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_EQ(p.req.command, Command::kMetaNoop);
  p = parse("me a\r\n");
  ASSERT_EQ(p.result.status, ParseStatus::kOk);
  EXPECT_EQ(p.req.command, Command::kMetaDebug);
  EXPECT_EQ(p.req.key, "a");
  expect_bad_line("me\r\n", "CLIENT_ERROR bad command line format");
}

TEST(MetaParser, DirectEntryRefusesTextCommands) {
  Request req;
  ParseResult r = parse_meta_request("get a\r\n", req);
  EXPECT_EQ(r.status, ParseStatus::kBad);
  EXPECT_EQ(r.error, "ERROR");
  r = parse_meta_request("mg a v\r\n", req);
  EXPECT_EQ(r.status, ParseStatus::kOk);
  EXPECT_EQ(req.command, Command::kMetaGet);
}

TEST(RequestParser, DetectsBinaryByFirstByte) {
  EXPECT_EQ(detect_protocol("\x80\x01"), Protocol::kBinary);
  EXPECT_EQ(detect_protocol("get"), Protocol::kText);
  Request req;
  EXPECT_EQ(parse_request(Protocol::kText, "mn\r\n", req).status, ParseStatus::kOk);
  EXPECT_EQ(req.command, Command::kMetaNoop);
  EXPECT_TRUE(parse_request(Protocol::kBinary, "\x80\x01", req).close);
}

}  // namespace
}  // namespace ringcache::common
