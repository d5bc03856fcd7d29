// ProxySession: routing by key, in-order replies, multi-get split/merge, local commands.
#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/proxy/session_harness.h"

namespace ringcache::proxy::test {
namespace {

using SessionTest = SessionHarness;

TEST_F(SessionTest, SingleKeyCommandsGoToTheOwnerAndRepliesPassThrough) {
  EXPECT_EQ(send("set foo 5 0 2\r\nhi\r\n"), "");
  ASSERT_EQ(node(1).sent(), std::vector<std::string>{"set foo 5 0 2\r\nhi\r\n"});
  EXPECT_EQ(node(0).sent().size() + node(2).sent().size(), 0u);
  node(1).reply("STORED\r\n");
  EXPECT_EQ(out(), "STORED\r\n");

  send("get bar\r\n");
  node(2).reply("VALUE bar 0 1\r\nx\r\nEND\r\n");
  EXPECT_EQ(out(), "VALUE bar 0 1\r\nx\r\nEND\r\n");
  send("incr key:2 5\r\n");
  node(0).reply("7\r\n");
  EXPECT_EQ(out(), "7\r\n");
  EXPECT_EQ(node(0).sent().back(), "incr key:2 5\r\n");
}

TEST_F(SessionTest, PipelinedRepliesKeepRequestOrderWhateverOrderNodesAnswer) {
  EXPECT_EQ(send("get foo\r\nget bar\r\ndelete key:2\r\nversion\r\n"), "");
  node(0).reply("DELETED\r\n");
  node(2).reply("VALUE bar 0 1\r\nb\r\nEND\r\n");
  EXPECT_EQ(out(), "") << "nothing may overtake the first request";
  node(1).reply("END\r\n");
  EXPECT_EQ(out(), "END\r\nVALUE bar 0 1\r\nb\r\nEND\r\nDELETED\r\nVERSION " +
                       std::string(kProxyVersion) + "\r\n");
  EXPECT_FALSE(session_->busy());
}

TEST_F(SessionTest, LocalRepliesWaitBehindOwedOnes) {
  send("get foo\r\n");
  EXPECT_EQ(send("mn\r\nbogus\r\n"), "");
  node(1).reply("END\r\n");
  EXPECT_EQ(out(), "END\r\nMN\r\nERROR\r\n");
}

TEST_F(SessionTest, MultiGetSplitsByNodeAndMergesInKeyOrderWithDuplicates) {
  send("gets foo bar foo key:2 bar\r\n");
  EXPECT_EQ(node(1).sent(), std::vector<std::string>{"gets foo foo\r\n"});
  EXPECT_EQ(node(2).sent(), std::vector<std::string>{"gets bar bar\r\n"});
  EXPECT_EQ(node(0).sent(), std::vector<std::string>{"gets key:2\r\n"});
  node(0).reply("END\r\n");  // key:2 misses
  node(2).reply("VALUE bar 1 1 11\r\nB\r\nVALUE bar 1 1 11\r\nB\r\nEND\r\n");
  EXPECT_EQ(out(), "");
  node(1).reply("VALUE foo 0 2 10\r\nFF\r\nVALUE foo 0 2 10\r\nFF\r\nEND\r\n");
  EXPECT_EQ(out(),
            "VALUE foo 0 2 10\r\nFF\r\nVALUE bar 1 1 11\r\nB\r\nVALUE foo 0 2 10\r\nFF\r\n"
            "VALUE bar 1 1 11\r\nB\r\nEND\r\n");
  EXPECT_EQ(stat(Stat::kCmdGet), 5u);
  EXPECT_EQ(stat(Stat::kGetHits), 4u);
  EXPECT_EQ(stat(Stat::kGetMisses), 1u);
}

TEST_F(SessionTest, MultiGetKeysOfAFailedNodeMissAndOthersAreUnaffected) {
  send("get foo bar key:2\r\n");
  node(2).fail(BackendStatus::kTimeout);
  node(1).reply("VALUE foo 0 1\r\nf\r\nEND\r\n");
  node(0).reply("VALUE key:2 0 1\r\nk\r\nEND\r\n");
  EXPECT_EQ(out(), "VALUE foo 0 1\r\nf\r\nVALUE key:2 0 1\r\nk\r\nEND\r\n");
}

TEST_F(SessionTest, MultiGetWithEveryNodeDownIsAPlainMiss) {
  for (int i = 0; i < 3; ++i) node(i).set_down(true);
  EXPECT_EQ(send("get foo bar key:2\r\nget foo\r\n"), "END\r\nEND\r\n");
}

TEST_F(SessionTest, GatSplitsWithItsExptime) {
  send("gat 100 foo bar\r\n");
  EXPECT_EQ(node(1).sent().back(), "gat 100 foo\r\n");
  EXPECT_EQ(node(2).sent().back(), "gat 100 bar\r\n");
  node(1).reply("VALUE foo 0 1\r\nf\r\nEND\r\n");
  node(2).reply("END\r\n");
  EXPECT_EQ(out(), "VALUE foo 0 1\r\nf\r\nEND\r\n");
  EXPECT_EQ(send("gat 100\r\n"), "END\r\n");
}

TEST_F(SessionTest, KeysOfOneNodeAreForwardedAsReceived) {
  send("get foo a z\r\n");  // all three live on 127.0.0.3
  EXPECT_EQ(node(1).sent(), std::vector<std::string>{"get foo a z\r\n"});
  node(1).reply("VALUE z 0 1\r\nz\r\nEND\r\n");
  EXPECT_EQ(out(), "VALUE z 0 1\r\nz\r\nEND\r\n");
  EXPECT_EQ(stat(Stat::kGetHits), 1u);
  EXPECT_EQ(stat(Stat::kGetMisses), 2u);
}

TEST_F(SessionTest, NoreplyIsSentWithAReplyThatIsDropped) {
  EXPECT_EQ(send("set foo 0 0 1 noreply\r\nx\r\nget foo\r\n"), "");
  EXPECT_EQ(node(1).sent(), (std::vector<std::string>{"set foo 0 0 1\r\nx\r\n", "get foo\r\n"}));
  node(1).reply("STORED\r\n");
  EXPECT_EQ(out(), "");
  node(1).reply("VALUE foo 0 1\r\nx\r\nEND\r\n");
  EXPECT_EQ(out(), "VALUE foo 0 1\r\nx\r\nEND\r\n");
  send("delete bar noreply\r\n");
  EXPECT_EQ(node(2).sent().back(), "delete bar\r\n");
  node(2).fail();
  EXPECT_EQ(out(), "");
  EXPECT_EQ(session_->outstanding(), 0u);
}

TEST_F(SessionTest, TooLargeSetIsRefusedLocallyAndDropsTheOldValue) {
  SessionLimits limits;
  limits.parser.max_value = 1024;
  start(three_node_config(), limits);
  std::string big(2000, 'v');
  EXPECT_EQ(
      send("set foo 0 0 2000\r\n" + big + "\r\nadd foo 0 0 2000\r\n" + big + "\r\n"),
      "SERVER_ERROR object too large for cache\r\nSERVER_ERROR object too large for cache\r\n");
  EXPECT_EQ(node(1).sent(), std::vector<std::string>{"delete foo\r\n"});
  node(1).reply("DELETED\r\n");
  EXPECT_EQ(out(), "");
}

TEST_F(SessionTest, MetaRequestsAreForwardedWithoutQAndQuietRepliesHiddenHere) {
  EXPECT_EQ(send("mg foo v q O1\r\nmg bar v q\r\nmn\r\n"), "");
  EXPECT_EQ(node(1).sent().back(), "mg foo v O1\r\n");
  EXPECT_EQ(node(2).sent().back(), "mg bar v\r\n");
  node(2).reply("VA 1\r\nb\r\n");
  node(1).reply("EN\r\n");
  EXPECT_EQ(out(), "VA 1\r\nb\r\nMN\r\n");
  send("ms foo 1 q\r\nx\r\nmd bar q\r\nmn\r\n");
  EXPECT_EQ(node(1).sent().back(), "ms foo 1\r\nx\r\n");
  node(1).reply("HD\r\n");
  node(2).reply("NF\r\n");
  EXPECT_EQ(out(), "NF\r\nMN\r\n");
}

TEST_F(SessionTest, MetaBase64KeysRouteByTheirDecodedBytes) {
  send("mg Zm9v b v\r\n");  // "foo"
  EXPECT_EQ(node(1).sent().back(), "mg Zm9v b v\r\n");
  node(1).reply("EN\r\n");
  EXPECT_EQ(out(), "EN\r\n");
  EXPECT_EQ(send("mg !!!! b v\r\n"), "CLIENT_ERROR error decoding key\r\n");
}

TEST_F(SessionTest, NoKeyCommandsAreAnsweredByTheProxy) {
  EXPECT_EQ(send("version\r\n"), "VERSION " + std::string(kProxyVersion) + "\r\n");
  EXPECT_EQ(send("verbosity 1\r\nverbosity 1 noreply\r\n"), "OK\r\n");
  EXPECT_EQ(send("shutdown\r\n"), "ERROR\r\n");
  EXPECT_EQ(send("nonsense\r\n"), "ERROR\r\n");
  EXPECT_EQ(send("stats items\r\n"), "END\r\n");
  EXPECT_EQ(send("stats nonsense\r\n"), "ERROR\r\n");
  EXPECT_FALSE(closed_);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(node(i).sent().empty());
}

TEST_F(SessionTest, BadLinesGetMemcachedsErrorAndTheConnectionStays) {
  EXPECT_EQ(send("set foo 0 0 zz\r\n"), "CLIENT_ERROR bad command line format\r\n");
  EXPECT_EQ(send("set foo 0 0 1\r\nxyz\r\n"), "CLIENT_ERROR bad data chunk\r\nERROR\r\n");
  EXPECT_FALSE(closed_);
}

TEST_F(SessionTest, QuitClosesAfterTheRepliesOwed) {
  bool close = false;
  std::string_view in = "get foo\r\nquit\r\nget bar\r\n";
  std::size_t used = session_->on_input(in, control_->output(), close);
  EXPECT_TRUE(close);
  EXPECT_EQ(used, std::string_view("get foo\r\nquit\r\n").size());
  EXPECT_TRUE(session_->busy()) << "the connection waits for the get's reply";
  node(1).reply("END\r\n");
  EXPECT_EQ(out(), "END\r\n");
  EXPECT_FALSE(session_->busy());
  EXPECT_TRUE(node(2).sent().empty());
}

TEST_F(SessionTest, FlushAllGoesToEveryNodeAndRepliesOkOnce) {
  send("flush_all 10\r\n");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(node(i).sent().back(), "flush_all 10\r\n");
  node(0).reply("OK\r\n");
  node(1).fail();  // a node that cannot be reached is flushed when it comes back
  EXPECT_EQ(out(), "");
  node(2).reply("OK\r\n");
  EXPECT_EQ(out(), "OK\r\n");
  send("flush_all noreply\r\n");
  for (int i = 0; i < 3; ++i) node(i).reply("OK\r\n");
  EXPECT_EQ(out(), "");
}

TEST_F(SessionTest, ReadingPausesPastTheInFlightLimitAndResumes) {
  SessionLimits limits;
  limits.max_pending = 4;
  start(three_node_config(), limits);
  bool close = false;
  std::string in;
  for (int i = 0; i < 10; ++i) in += "get foo\r\n";
  std::size_t used = session_->on_input(in, control_->output(), close);
  EXPECT_EQ(used, 4 * std::string_view("get foo\r\n").size());
  EXPECT_TRUE(control_->paused());
  EXPECT_EQ(node(1).pending(), 4u);
  node(1).reply("END\r\n");
  EXPECT_TRUE(control_->paused()) << "resumes below half the limit";
  node(1).reply("END\r\n");
  node(1).reply("END\r\n");
  EXPECT_FALSE(control_->paused());
  EXPECT_EQ(out(), "END\r\nEND\r\nEND\r\n");
}

TEST_F(SessionTest, NoreplyRequestsCountTowardsTheInFlightLimit) {
  SessionLimits limits;
  limits.max_pending = 4;
  start(three_node_config(), limits);
  bool close = false;
  std::string in;
  for (int i = 0; i < 10; ++i) in += "delete foo noreply\r\n";
  EXPECT_EQ(session_->on_input(in, control_->output(), close),
            4 * std::string_view("delete foo noreply\r\n").size());
  EXPECT_TRUE(control_->paused());
  for (int i = 0; i < 3; ++i) node(1).reply("NOT_FOUND\r\n");
  EXPECT_FALSE(control_->paused());
  EXPECT_EQ(out(), "");
}

TEST_F(SessionTest, RepliesArrivingAfterCloseAreDropped) {
  send("get foo\r\nget bar\r\n");
  session_->on_close();
  node(1).reply("END\r\n");
  node(2).fail();
  EXPECT_EQ(out(), "");
  EXPECT_EQ(session_->outstanding(), 0u);
}

TEST_F(SessionTest, StatsSumTheNodesAndKeepTheProxysOwnFields) {
  send("get foo\r\nset bar 0 0 1\r\nx\r\ndelete key:2\r\n");
  node(1).reply("VALUE foo 0 1\r\nf\r\nEND\r\n");
  node(2).reply("STORED\r\n");
  node(0).fail();
  out();
  EXPECT_EQ(send("stats\r\n"), "") << "the reply waits for the nodes' stats";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(node(i).sent().back(), "stats\r\n");
  node(2).reply("STAT pid 7\r\nSTAT cmd_get 5\r\nSTAT curr_items 2\r\nSTAT limit_maxbytes 100\r\n"
                "STAT curr_connections 40\r\nEND\r\n");
  node(0).fail(BackendStatus::kDown);  // adds nothing, and is counted
  EXPECT_EQ(out(), "");
  node(1).reply("STAT cmd_get 4\r\nSTAT curr_items 3\r\nSTAT limit_maxbytes 100\r\nEND\r\n");
  const std::string stats = out();
  const auto has = [&](const std::string& line) {
    return stats.find("STAT " + line + "\r\n") != std::string::npos;
  };
  EXPECT_TRUE(has("cmd_get 9")) << stats;
  EXPECT_TRUE(has("curr_items 5"));
  EXPECT_TRUE(has("limit_maxbytes 200"));
  EXPECT_TRUE(has("evictions 0")) << "a field no node reported is still listed";
  EXPECT_TRUE(has("pid " + std::to_string(::getpid()))) << "pid is the proxy's";
  EXPECT_TRUE(has("curr_connections 0")) << "curr_connections is the proxy's";
  EXPECT_TRUE(has("version " + std::string(kProxyVersion)));
  EXPECT_TRUE(has("proxy_cmd_get 1"));
  EXPECT_TRUE(has("proxy_get_hits 1"));
  EXPECT_TRUE(has("proxy_cmd_set 1"));
  EXPECT_TRUE(has("proxy_delete_misses 1"));
  EXPECT_TRUE(has("proxy_stats_nodes 3"));
  EXPECT_TRUE(has("proxy_stats_nodes_missing 1"));
  EXPECT_EQ(stats.find("STAT pid 7\r\n"), std::string::npos) << "the node's pid leaked";
  EXPECT_EQ(stats.substr(stats.size() - 5), "END\r\n");
  EXPECT_EQ(stats.find("END\r\n"), stats.size() - 5) << "one END";

  std::string proxy = send("stats proxy\r\n");
  EXPECT_NE(proxy.find("STAT node:127.0.0.2:11211:failed 1\r\n"), std::string::npos) << proxy;
  EXPECT_NE(proxy.find("STAT node:127.0.0.3:11211:requests 2\r\n"), std::string::npos);
  EXPECT_NE(proxy.find("STAT pool:main:nodes 3\r\n"), std::string::npos);
}

TEST_F(SessionTest, RepliesAfterStatsWaitForIt) {
  EXPECT_EQ(send("stats\r\nversion\r\n"), "") << "version overtook stats";
  for (int i = 0; i < 3; ++i) node(i).reply("STAT curr_items 1\r\nEND\r\n");
  const std::string both = out();
  EXPECT_EQ(both.rfind("STAT pid ", 0), 0u) << both;
  EXPECT_NE(both.find("STAT curr_items 3\r\n"), std::string::npos) << both;
  EXPECT_TRUE(both.ends_with("END\r\nVERSION " + std::string(kProxyVersion) + "\r\n")) << both;
}

TEST_F(SessionTest, StatsResetResetsTheProxyAndEveryNode) {
  send("get foo\r\n");
  node(1).reply("END\r\n");
  EXPECT_EQ(out(), "END\r\n");
  EXPECT_EQ(stat(Stat::kCmdGet), 1u);
  EXPECT_EQ(send("stats reset\r\n"), "");
  EXPECT_EQ(stat(Stat::kCmdGet), 0u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(node(i).sent().back(), "stats reset\r\n");
  node(0).reply("RESET\r\n");
  node(1).fail();  // unreachable: reset anyway as far as the client can tell
  node(2).reply("RESET\r\n");
  EXPECT_EQ(out(), "RESET\r\n");
}

}  // namespace
}  // namespace ringcache::proxy::test
