// Meta reply lines, byte for byte as memcached 1.6.18 writes them.
#include "common/protocol/meta_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace ringcache::common::meta {
namespace {

using namespace std::literals;

TEST(MetaWriter, ValueLineWithFlagsAndData) {
  std::string out;
  begin_value(out, 3);
  add_number(out, 's', 3);
  add_signed(out, 't', -1);
  add_number(out, 'c', 18446744073709551615u);
  add_opaque(out, "99");
  add_key(out, "foo", false);
  add_flag(out, 'W');
  end(out);
  add_data(out, "a\0b"sv);
  EXPECT_EQ(out, "VA 3 s3 t-1 c18446744073709551615 O99 kfoo W\r\na\0b\r\n"s);
}

TEST(MetaWriter, CodesAlone) {
  std::string out;
  for (std::string_view code : {kStored, kMiss, kNotFound, kNotStored, kExists}) {
    begin(out, code);
    end(out);
  }
  out.append(kNoop);
  EXPECT_EQ(out, "HD\r\nEN\r\nNF\r\nNS\r\nEX\r\nMN\r\n");
}

TEST(MetaWriter, BinaryKeysGoBackEncodedAndMarked) {
  std::string out;
  begin(out, kStored);
  add_key(out, "foob", true);
  add_number(out, 'c', 2);
  end(out);
  EXPECT_EQ(out, "HD kZm9vYg== b c2\r\n");
}

TEST(MetaWriter, EmptyOpaqueAndZeroValue) {
  std::string out;
  begin_value(out, 0);
  add_opaque(out, "");
  add_signed(out, 't', std::numeric_limits<int64_t>::min());
  end(out);
  add_data(out, "");
  EXPECT_EQ(out, "VA 0 O t-9223372036854775808\r\n\r\n");
}

}  // namespace
}  // namespace ringcache::common::meta
