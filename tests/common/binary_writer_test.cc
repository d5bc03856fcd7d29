#include "common/protocol/binary_writer.h"

#include <gtest/gtest.h>

#include <string>

namespace ringcache::common::binary {
namespace {

TEST(BinaryWriter, ResponseHeaderFieldsInNetworkOrder) {
  std::string out = "prefix";
  char flags[4];
  append_response(out, {0x0c, Status::kSuccess, 0x01020304, 0x1122334455667788},
                  encode_be32(0xdeadbeef, flags), "key", "value");
  const std::string expected =
      std::string("prefix") +
      std::string("\x81\x0c\x00\x03\x04\x00\x00\x00\x00\x00\x00\x0c\x01\x02\x03\x04"
                  "\x11\x22\x33\x44\x55\x66\x77\x88",
                  24) +
      "\xde\xad\xbe\xef" + "key" + "value";
  EXPECT_EQ(out, expected);
}

TEST(BinaryWriter, ErrorsCarryMemcachedsTexts) {
  struct Case { Status status; const char* text; };
  for (Case c : {Case{Status::kKeyNotFound, "Not found"},
                 Case{Status::kKeyExists, "Data exists for key."},
                 Case{Status::kTooLarge, "Too large."},
                 Case{Status::kInvalidArguments, "Invalid arguments"},
                 Case{Status::kNotStored, "Not stored."},
                 Case{Status::kNonNumeric, "Non-numeric server-side value for incr or decr"},
                 Case{Status::kAuthError, "Auth failure."},
                 Case{Status::kUnknownCommand, "Unknown command"},
                 Case{Status::kOutOfMemory, "Out of memory"}}) {
    std::string out;
    append_error(out, 0x05, 7, c.status);
    const std::string text = c.text;
    ASSERT_EQ(out.size(), kHeaderSize + text.size());
    EXPECT_EQ(static_cast<uint8_t>(out[0]), kResponseMagic);
    EXPECT_EQ(out[1], 0x05);
    EXPECT_EQ(load_be16(out.data() + 6), static_cast<uint16_t>(c.status));
    EXPECT_EQ(load_be32(out.data() + 8), text.size());
    EXPECT_EQ(load_be32(out.data() + 12), 7u);
    EXPECT_EQ(load_be64(out.data() + 16), 0u);
    EXPECT_EQ(out.substr(kHeaderSize), text);
  }
}

TEST(BinaryWriter, EncodesIntegersBigEndian) {
  char b8[8];
  EXPECT_EQ(encode_be64(10, b8), std::string("\0\0\0\0\0\0\0\x0a", 8));
  char b4[4];
  EXPECT_EQ(encode_be32(0x01020304, b4), "\x01\x02\x03\x04");
}

}  // namespace
}  // namespace ringcache::common::binary
