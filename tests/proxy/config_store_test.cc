// ConfigStore and ConfigWatcher: snapshots swap whole, invalid files and listener changes
// are rejected with the last good tree kept, and a changed file is noticed by polling.
#include "proxy/config/config_store.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "proxy/config/config_watcher.h"
#include "tests/proxy/config_test_util.h"

namespace ringcache::proxy {
namespace {

using test::config_json;
using test::TempConfigFile;

class ConfigWatcherTest : public ::testing::Test {
 protected:
  ConfigWatcherTest() : file_(config_json(11311, R"("127.0.0.1:11211")")) {
    LoadResult first = load_config(ConfigSource{file_.path(), {}, {}});
    EXPECT_TRUE(first.ok());
    store_ = std::make_unique<ConfigStore>(RouteTree::build(first.config));
    store_->subscribe([this](const RouteTreePtr& t) { seen_.push_back(t); });
    watcher_ = std::make_unique<ConfigWatcher>(ConfigSource{file_.path(), {}, {}}, *store_,
                                               [this](const std::string& l) { log_.push_back(l); });
  }

  std::size_t node_count() const { return store_->snapshot()->all_addresses().size(); }

  TempConfigFile file_;
  std::unique_ptr<ConfigStore> store_;
  std::unique_ptr<ConfigWatcher> watcher_;
  std::vector<RouteTreePtr> seen_;
  std::vector<std::string> log_;
};

TEST_F(ConfigWatcherTest, AValidFileIsSwappedInAndOldSnapshotsStayUsable) {
  RouteTreePtr old = store_->snapshot();
  file_.write(config_json(11311, R"("127.0.0.1:11211", "127.0.0.1:11212")"));
  EXPECT_TRUE(watcher_->reload("test"));
  EXPECT_EQ(node_count(), 2u);
  EXPECT_EQ(store_->snapshot()->generation(), old->generation() + 1);
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0], store_->snapshot());
  EXPECT_EQ(old->all_addresses().size(), 1u) << "a request's snapshot never changes under it";
  EXPECT_EQ(watcher_->reloads(), 1u);
}

TEST_F(ConfigWatcherTest, AnInvalidFileIsRejectedAndTheLastGoodOneStays) {
  RouteTreePtr before = store_->snapshot();
  file_.write(R"({"listeners": [{"port": 11311}], "pools": [{"nodes": ["bad"]}]})");
  EXPECT_FALSE(watcher_->reload("test"));
  EXPECT_EQ(store_->snapshot(), before);
  EXPECT_TRUE(seen_.empty());
  ASSERT_FALSE(log_.empty());
  EXPECT_NE(log_.back().find(R"(pools[0].nodes[0]: expected "host:port")"), std::string::npos)
      << log_.back();
  file_.write("{ not json");
  EXPECT_FALSE(watcher_->reload("test"));
  EXPECT_EQ(store_->snapshot(), before);
  EXPECT_EQ(watcher_->failed_reloads(), 2u);
}

TEST_F(ConfigWatcherTest, AListenerChangeNeedsARestart) {
  file_.write(config_json(11312, R"("127.0.0.1:11211", "127.0.0.1:11212")"));
  EXPECT_FALSE(watcher_->reload("test"));
  EXPECT_EQ(node_count(), 1u);
  EXPECT_NE(log_.back().find("restart"), std::string::npos) << log_.back();
}

TEST_F(ConfigWatcherTest, PollNoticesAChangedFileOnce) {
  EXPECT_FALSE(watcher_->poll()) << "unchanged";
  file_.write(config_json(11311, R"("127.0.0.1:11211", "127.0.0.1:11213")"));  // size changes
  EXPECT_TRUE(watcher_->poll());
  EXPECT_FALSE(watcher_->poll());
  EXPECT_EQ(node_count(), 2u);
}

TEST_F(ConfigWatcherTest, PollReportsABrokenFileOnceAndPicksUpItsFix) {
  file_.write("{ broken");
  EXPECT_FALSE(watcher_->poll());
  const std::size_t logged = log_.size();
  EXPECT_FALSE(watcher_->poll());
  EXPECT_EQ(log_.size(), logged) << "the same broken file is not reported every second";
  file_.write(config_json(11311, R"("127.0.0.1:11214", "127.0.0.1:11215", "127.0.0.1:11216")"));
  EXPECT_TRUE(watcher_->poll());
  EXPECT_EQ(node_count(), 3u);
}

TEST(ConfigWatcherNoFileTest, ReloadWithoutAFileIsIgnored) {
  common::ClusterConfig c;
  c.pools.push_back({"p", common::HashMode::kKetama, {{"127.0.0.1", 1, 1, ""}}});
  ConfigStore store(RouteTree::build(c));
  std::vector<std::string> log;
  ConfigWatcher w(ConfigSource{}, store, [&](const std::string& l) { log.push_back(l); });
  EXPECT_FALSE(w.reload("SIGHUP"));
  EXPECT_FALSE(w.poll());
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("no --config"), std::string::npos);
}

TEST(RouteTreeTest, MapsListenersToPoolsAndListsAddressesOnce) {
  common::ClusterConfig c;
  c.pools.push_back(
      {"a", common::HashMode::kKetama, {{"127.0.0.1", 1, 1, ""}, {"127.0.0.1", 2, 1, ""}}});
  c.pools.push_back({"b", common::HashMode::kJump, {{"127.0.0.1", 2, 1, ""}, {"::1", 3, 1, ""}}});
  c.listeners.push_back({"127.0.0.1", 10, common::Role::kReadWrite, "b"});
  c.listeners.push_back({"127.0.0.1", 11, common::Role::kReadWrite, "a"});
  RouteTreePtr t = RouteTree::build(c, 7);
  EXPECT_EQ(t->generation(), 7u);
  EXPECT_EQ(t->listener_pool(0), 1u);
  EXPECT_EQ(t->listener_pool(1), 0u);
  EXPECT_EQ(t->pools()[1].addresses, (std::vector<std::string>{"127.0.0.1:2", "[::1]:3"}));
  EXPECT_EQ(t->all_addresses(),
            (std::vector<std::string>{"127.0.0.1:1", "127.0.0.1:2", "[::1]:3"}));
}

}  // namespace
}  // namespace ringcache::proxy
