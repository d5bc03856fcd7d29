#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include "request_builder.h"

namespace ringcache::loadgen {
namespace {

// The value size a "set <key> 0 0 <size>\r\n<value>\r\n" request declares, checking that the
// data block really has that many bytes.
std::size_t declared_size(const std::string& request) {
  const std::size_t eol = request.find("\r\n");
  const std::size_t space = request.rfind(' ', eol);
  const std::size_t size = std::strtoul(request.c_str() + space + 1, nullptr, 10);
  EXPECT_EQ(request.size(), eol + 2 + size + 2) << request.substr(0, eol);
  return size;
}

TEST(RequestBuilder, OneValueSizeByDefault) {
  Options o;
  o.value_size = 100;
  RequestBuilder builder(o);
  Rng rng(1);
  for (int i = 0; i < 50; ++i) {
    std::string out;
    builder.append_random_set(out, rng);
    EXPECT_EQ(declared_size(out), 100u);
  }
}

TEST(RequestBuilder, MixedSizesStayInRangeAndSpreadOverIt) {
  Options o;
  o.value_size = 16;
  o.value_size_max = 65536;
  RequestBuilder builder(o);
  Rng rng(7);
  std::set<int> magnitudes;  // log2 of each size: log-uniform sizes cover every power of two
  std::size_t small = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string out;
    builder.append_random_set(out, rng);
    const std::size_t size = declared_size(out);
    ASSERT_GE(size, 16u);
    ASSERT_LE(size, 65536u);
    magnitudes.insert(63 - __builtin_clzll(size));
    small += size < 1024 ? 1 : 0;
  }
  EXPECT_EQ(magnitudes.size(), 12u) << "sizes 2^4 .. 2^15 expected";
  EXPECT_GT(small, 800u) << "most values should be small (log-uniform)";
}

TEST(Options, ValueSizeMaxBelowValueSizeIsRejected) {
  int code = -1;
  char prog[] = "ringcache-loadgen", a[] = "--value-size", b[] = "100", c[] = "--value-size-max",
       d[] = "10";
  char* argv[] = {prog, a, b, c, d, nullptr};
  testing::internal::CaptureStderr();
  EXPECT_FALSE(parse_options(5, argv, &code));
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, 2);
}

}  // namespace
}  // namespace ringcache::loadgen
