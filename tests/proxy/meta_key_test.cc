#include "proxy/route/meta_key.h"

#include <gtest/gtest.h>

#include "common/protocol/meta_parser.h"

namespace ringcache::proxy {
namespace {

TEST(MetaKeyTest, DecodesBase64) {
  std::string scratch;
  EXPECT_EQ(decode_base64("Zm9v", scratch), "foo");
  EXPECT_EQ(decode_base64("Zm8=", scratch), "fo");
  EXPECT_EQ(decode_base64("Zg==", scratch), "f");
  EXPECT_EQ(decode_base64("AAEC/w==", scratch), std::string("\x00\x01\x02\xff", 4));
  EXPECT_FALSE(decode_base64("Zm9", scratch));
  EXPECT_FALSE(decode_base64("Zm!v", scratch));
  EXPECT_FALSE(decode_base64("", scratch));
}

TEST(MetaKeyTest, RoutesByTheDecodedKeyOnlyWithB) {
  std::string scratch;
  common::Request req;
  ASSERT_EQ(common::parse_meta_request("mg Zm9v b v\r\n", req).status, common::ParseStatus::kOk);
  EXPECT_EQ(routing_key(req, scratch), "foo");
  ASSERT_EQ(common::parse_meta_request("mg Zm9v v\r\n", req).status, common::ParseStatus::kOk);
  EXPECT_EQ(routing_key(req, scratch), "Zm9v");
}

}  // namespace
}  // namespace ringcache::proxy
