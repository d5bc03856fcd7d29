// incr/decr, byte for byte as memcached 1.6.18 answered the same requests.
#include <gtest/gtest.h>

#include <string>

#include "common/util/clock.h"
#include "node/storage/cache.h"
#include "node/storage/decimal.h"
#include "tests/node/storage/cache_test_util.h"

namespace ringcache::node {
namespace {

using testing::fetch;
using testing::put;
using testing::value_of;

class CacheArithTest : public ::testing::Test {
 protected:
  ArithResult op(const char* key, bool incr, uint64_t delta) {
    return cache_.arith(key, incr, delta, &value_);
  }
  common::FakeClock clock_;
  Cache cache_{CacheOptions{}, clock_};
  uint64_t value_ = 0;
};

TEST_F(CacheArithTest, IncrAndDecr) {
  put(cache_, "n", "10", StoreMode::kSet, 0, 5);
  EXPECT_EQ(op("n", true, 5), ArithResult::kOk);
  EXPECT_EQ(value_, 15u);
  EXPECT_EQ(op("n", false, 3), ArithResult::kOk);
  EXPECT_EQ(value_, 12u);
  EXPECT_EQ(value_of(cache_, "n"), "12");
  EXPECT_EQ(fetch(cache_, "n")->flags, 5u);
  EXPECT_EQ(op("missing", true, 1), ArithResult::kNotFound);
}

TEST_F(CacheArithTest, IncrWrapsAt2To64AndKeepsLengthPaddedWithSpaces) {
  put(cache_, "n", "18446744073709551615");
  EXPECT_EQ(op("n", true, 1), ArithResult::kOk);
  EXPECT_EQ(value_, 0u);
  EXPECT_EQ(value_of(cache_, "n"), "0                   ");
}

TEST_F(CacheArithTest, DecrFloorsAtZero) {
  put(cache_, "n", "5");
  EXPECT_EQ(op("n", false, 10), ArithResult::kOk);
  EXPECT_EQ(value_, 0u);
  EXPECT_EQ(value_of(cache_, "n"), "0");
  put(cache_, "m", "100");
  op("m", false, 95);
  EXPECT_EQ(value_of(cache_, "m"), "5  ");
}

TEST_F(CacheArithTest, LongerNumberGetsANewItemOfExactLength) {
  const int64_t exp = clock_.now() + 500;
  put(cache_, "n", "99", StoreMode::kSet, exp, 3);
  EXPECT_EQ(op("n", true, 1), ArithResult::kOk);
  auto got = fetch(cache_, "n");
  EXPECT_EQ(got->value, "100");
  EXPECT_EQ(got->flags, 3u);
  EXPECT_EQ(got->exptime, exp);
  EXPECT_EQ(cache_.stats().curr_items, 1u);
}

TEST_F(CacheArithTest, NonNumericValues) {
  for (const char* v : {"", "abc", "12abc", "0x5", "18446744073709551616", "-5", " "}) {
    put(cache_, "n", v);
    EXPECT_EQ(op("n", true, 1), ArithResult::kNonNumeric) << '"' << v << '"';
    EXPECT_EQ(value_of(cache_, "n"), v);
  }
}

TEST_F(CacheArithTest, LeniencyOfMemcachedsStrtoull) {
  struct Case {
    const char* stored;
    const char* after;
  } cases[] = {{" 5", "6 "}, {"+5", "6 "}, {"-0", "1 "}, {"5 ", "6 "}, {"007", "8  "},
               {"12\r\nab", "13    "}};
  for (const Case& c : cases) {
    put(cache_, "n", c.stored);
    EXPECT_EQ(op("n", true, 1), ArithResult::kOk) << c.stored;
    EXPECT_EQ(value_of(cache_, "n"), c.after) << c.stored;
  }
}

TEST_F(CacheArithTest, CasMismatchAndCasOut) {
  uint64_t cas = 0;
  put(cache_, "n", "1", StoreMode::kSet, 0, 0, 0, &cas);
  uint64_t new_cas = 0;
  EXPECT_EQ(cache_.arith("n", true, 1, &value_, &new_cas, cas + 1), ArithResult::kExists);
  EXPECT_EQ(cache_.arith("n", true, 1, &value_, &new_cas, cas), ArithResult::kOk);
  EXPECT_GT(new_cas, cas);
  EXPECT_EQ(fetch(cache_, "n")->cas, new_cas);
}

TEST_F(CacheArithTest, ExpiredItemIsNotFound) {
  put(cache_, "n", "1", StoreMode::kSet, clock_.now() + 1);
  clock_.advance(1);
  EXPECT_EQ(op("n", true, 1), ArithResult::kNotFound);
}

TEST(DecimalTest, FormatAndParseRoundTrip) {
  char buf[20];
  for (uint64_t v : {uint64_t{0}, uint64_t{9}, uint64_t{10}, uint64_t{12345678901234567890u},
                     UINT64_MAX}) {
    const std::size_t n = format_decimal(v, buf);
    EXPECT_EQ(parse_stored_number(std::string_view(buf, n)), v);
    EXPECT_EQ(std::string(buf, n), std::to_string(v));
  }
  EXPECT_EQ(parse_stored_number("-18446744073709551615"), 1u);  // strtoull negates
}

}  // namespace
}  // namespace ringcache::node
