#include "node/server/udp_get_split.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ringcache::node {
namespace {

using Keys = std::vector<std::string_view>;

std::vector<std::string> split(std::string_view reply, const Keys& keys) {
  std::vector<std::string_view> messages;
  if (!split_get_reply(reply, keys, messages)) return {"<not split>"};
  return {messages.begin(), messages.end()};
}

const std::string kA = "VALUE a 0 3\r\nabc\r\n";
const std::string kB = "VALUE b 5 2 17\r\nxy\r\n";

// The shapes below are what memcached 1.6.18 sends (one message per key).
TEST(UdpGetSplitTest, OneMessagePerKeyWithEndOnTheLast) {
  EXPECT_EQ(split(kA + kB + "END\r\n", {"a", "b"}),
            (std::vector<std::string>{kA, kB + "END\r\n"}));
  EXPECT_EQ(split(kA + "END\r\n", {"a"}), (std::vector<std::string>{kA + "END\r\n"}));
}

TEST(UdpGetSplitTest, AMissIsAnEmptyMessageAndALastMissCarriesEndAlone) {
  EXPECT_EQ(split(kA + "END\r\n", {"miss", "a"}),
            (std::vector<std::string>{"", kA + "END\r\n"}));
  EXPECT_EQ(split(kA + "END\r\n", {"a", "miss"}), (std::vector<std::string>{kA, "END\r\n"}));
  EXPECT_EQ(split(kA + "END\r\n", {"m1", "m2", "a", "m3"}),
            (std::vector<std::string>{"", "", kA, "END\r\n"}));
  EXPECT_EQ(split("END\r\n", {"m1"}), (std::vector<std::string>{"END\r\n"}));
}

TEST(UdpGetSplitTest, RepeatedKeysEachGetTheirItem) {
  EXPECT_EQ(split(kA + kA + "END\r\n", {"a", "a"}),
            (std::vector<std::string>{kA, kA + "END\r\n"}));
}

TEST(UdpGetSplitTest, DataMayHoldAnythingItsLengthCovers) {
  const std::string tricky = "VALUE k 0 12\r\nEND\r\nVALUE x\r\n";
  EXPECT_EQ(split(tricky + "END\r\n", {"k", "x"}),
            (std::vector<std::string>{tricky, "END\r\n"}));
}

TEST(UdpGetSplitTest, AnythingElseStaysOneMessage) {
  EXPECT_EQ(split("CLIENT_ERROR bad command line format\r\n", {"a"}),
            (std::vector<std::string>{"<not split>"}));
  EXPECT_EQ(split("END\r\n", {}), (std::vector<std::string>{"<not split>"}));  // gat with no key
  EXPECT_EQ(split(kA + "END\r\n", {"b"}), (std::vector<std::string>{"<not split>"}));
  EXPECT_EQ(split(kA, {"a"}), (std::vector<std::string>{"<not split>"}));
  EXPECT_EQ(split("VALUE a 0 99\r\nabc\r\nEND\r\n", {"a"}),
            (std::vector<std::string>{"<not split>"}));
  EXPECT_EQ(split("VALUE a 0 x\r\nabc\r\nEND\r\n", {"a"}),
            (std::vector<std::string>{"<not split>"}));
}

}  // namespace
}  // namespace ringcache::node
