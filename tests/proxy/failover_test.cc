// Failover-as-miss through a whole session: what a client gets for each command when the
// owner node is down (answered at once), refused/reset, or timed out (DESIGN.md §4).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "proxy/route/failover_reply.h"
#include "tests/proxy/session_harness.h"

namespace ringcache::proxy::test {
namespace {

// Requests for "foo" (node 1, 127.0.0.3) and the reply each gets while that node is down.
const std::vector<std::pair<std::string, std::string>> kTextCases = {
    {"get foo\r\n", "END\r\n"},
    {"gets foo\r\n", "END\r\n"},
    {"gat 10 foo\r\n", "END\r\n"},
    {"gats 10 foo\r\n", "END\r\n"},
    {"set foo 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
    {"add foo 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
    {"replace foo 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
    {"append foo 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
    {"prepend foo 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
    {"cas foo 0 0 1 5\r\nx\r\n", "NOT_STORED\r\n"},
    {"delete foo\r\n", "NOT_FOUND\r\n"},
    {"incr foo 1\r\n", "NOT_FOUND\r\n"},
    {"decr foo 1\r\n", "NOT_FOUND\r\n"},
    {"touch foo 10\r\n", "NOT_FOUND\r\n"},
    {"mg foo v\r\n", "EN\r\n"},
    {"mg foo v O12 k\r\n", "EN O12 kfoo\r\n"},
    {"mg Zm9v b k v O3\r\n", "EN kZm9v b O3\r\n"},
    {"mg foo v q\r\nmn\r\n", "MN\r\n"},
    {"ms foo 1 O7 k\r\nx\r\n", "NS O7 kfoo\r\n"},
    {"ms foo 1 q\r\nx\r\n", "NS\r\n"},
    {"md foo O1\r\n", "NF O1\r\n"},
    {"md foo q\r\n", "NF\r\n"},
    {"ma foo k\r\n", "NF kfoo\r\n"},
    {"me foo\r\n", "EN\r\n"},
};

class FailoverTest : public SessionHarness, public ::testing::WithParamInterface<BackendStatus> {};

TEST_P(FailoverTest, EveryCommandGetsItsMissReply) {
  const BackendStatus status = GetParam();
  node(1).set_down(status == BackendStatus::kDown);
  for (const auto& [request, expected] : kTextCases) {
    std::string got = send(request);
    if (status != BackendStatus::kDown) {
      while (node(1).pending() > 0) node(1).fail(status);
      got += out();
    }
    EXPECT_EQ(got, expected) << request;
  }
  EXPECT_FALSE(closed_);
  // The ring never changes because a node failed: nothing went to the other nodes.
  EXPECT_TRUE(node(0).sent().empty());
  EXPECT_TRUE(node(2).sent().empty());
}

INSTANTIATE_TEST_SUITE_P(Statuses, FailoverTest,
                         ::testing::Values(BackendStatus::kDown, BackendStatus::kFailed,
                                           BackendStatus::kTimeout));

class ServerErrorFailoverTest : public SessionHarness {
 protected:
  ServerErrorFailoverTest() { start(three_node_config(common::WriteFailoverReply::kServerError)); }
};

TEST_F(ServerErrorFailoverTest, WritesAnswerServerErrorReadsStillMiss) {
  node(1).set_down(true);
  EXPECT_EQ(send("set foo 0 0 1\r\nx\r\n"), kWriteFailoverError);
  EXPECT_EQ(send("cas foo 0 0 1 9\r\nx\r\n"), kWriteFailoverError);
  EXPECT_EQ(send("ms foo 1 O1\r\nx\r\n"), kWriteFailoverError);
  EXPECT_EQ(send("get foo\r\n"), "END\r\n");
  EXPECT_EQ(send("delete foo\r\n"), "NOT_FOUND\r\n");
  EXPECT_EQ(send("mg foo v\r\n"), "EN\r\n");
}

TEST(QuietHidesTest, FollowsMemcached) {
  using common::Command;
  using common::ReplyCode;
  EXPECT_TRUE(quiet_hides(Command::kMetaGet, ReplyCode::kMetaEn));
  EXPECT_FALSE(quiet_hides(Command::kMetaGet, ReplyCode::kMetaHd));
  EXPECT_FALSE(quiet_hides(Command::kMetaGet, ReplyCode::kMetaVa));
  EXPECT_TRUE(quiet_hides(Command::kMetaSet, ReplyCode::kMetaHd));
  EXPECT_FALSE(quiet_hides(Command::kMetaSet, ReplyCode::kMetaNs));
  EXPECT_TRUE(quiet_hides(Command::kMetaDelete, ReplyCode::kMetaHd));
  EXPECT_FALSE(quiet_hides(Command::kMetaDelete, ReplyCode::kMetaNf));
  EXPECT_TRUE(quiet_hides(Command::kMetaArithmetic, ReplyCode::kMetaVa));
  EXPECT_FALSE(quiet_hides(Command::kMetaArithmetic, ReplyCode::kMetaNf));
  EXPECT_FALSE(quiet_hides(Command::kMetaSet, ReplyCode::kServerError));
}

}  // namespace
}  // namespace ringcache::proxy::test
