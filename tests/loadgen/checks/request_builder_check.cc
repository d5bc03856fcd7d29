#include "request_builder.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace ringcache::loadgen {
namespace {

TEST(RequestBuilder, ASizeMixGivesEveryKeyOneSizeFromTheList) {
  Options o;
  o.value_sizes = {32, 100, 1000, 10000};
  RequestBuilder builder(o);
  std::map<std::size_t, int> seen;
  for (uint64_t i = 0; i < 4000; ++i) {
    std::size_t size = builder.value_size(i);
    ++seen[size];
    EXPECT_EQ(size, builder.value_size(i));  // the same key keeps its size
  }
  ASSERT_EQ(seen.size(), 4u);
  for (auto& [size, count] : seen) EXPECT_GT(count, 800) << size;  // about a quarter each
}

TEST(RequestBuilder, ASetCarriesTheKeysSize) {
  Options o;
  o.value_sizes = {5, 7};
  RequestBuilder builder(o);
  for (uint64_t i = 0; i < 20; ++i) {
    std::string out;
    builder.append_set(out, i);
    std::string head = "set " + builder.keys().key(i) + " 0 0 " + std::to_string(builder.value_size(i)) + "\r\n";
    EXPECT_EQ(out.substr(0, head.size()), head);
    EXPECT_EQ(out.size(), head.size() + builder.value_size(i) + 2);
  }
}

}  // namespace
}  // namespace ringcache::loadgen
