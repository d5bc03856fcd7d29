// set add replace append prepend cas: replies, refusals and counters.
#include <gtest/gtest.h>

#include <string>

#include "tests/node/exec/session_harness.h"

namespace ringcache::node {
namespace {

using exec_test::SessionHarness;

std::string cas_of(SessionHarness& h, const std::string& key) {
  std::string out = h.send("gets " + key + "\r\n");
  std::size_t eol = out.find("\r\n");
  std::size_t sp = out.rfind(' ', eol);
  return out.substr(sp + 1, eol - sp - 1);
}

TEST(ExecStorageTest, AddReplaceAppendPrependFollowExistence) {
  SessionHarness h;
  EXPECT_EQ(h.send("replace a 0 0 1\r\nx\r\n"), "NOT_STORED\r\n");
  EXPECT_EQ(h.send("append a 0 0 1\r\nx\r\n"), "NOT_STORED\r\n");
  EXPECT_EQ(h.send("prepend a 0 0 1\r\nx\r\n"), "NOT_STORED\r\n");
  EXPECT_EQ(h.send("add a 5 0 3\r\nabc\r\n"), "STORED\r\n");
  EXPECT_EQ(h.send("add a 0 0 1\r\nx\r\n"), "NOT_STORED\r\n");
  EXPECT_EQ(h.send("prepend a 9 0 1\r\n<\r\nappend a 9 0 1\r\n>\r\n"), "STORED\r\nSTORED\r\n");
  // append/prepend keep the item's flags.
  EXPECT_EQ(h.send("get a\r\n"), "VALUE a 5 5\r\n<abc>\r\nEND\r\n");
  EXPECT_EQ(h.send("replace a 2 0 1\r\nr\r\nget a\r\n"), "STORED\r\nVALUE a 2 1\r\nr\r\nEND\r\n");
}

TEST(ExecStorageTest, CasStoresOnlyWithTheCurrentUnique) {
  SessionHarness h;
  EXPECT_EQ(h.send("cas a 0 0 1 1\r\nx\r\n"), "NOT_FOUND\r\n");
  h.send("set a 0 0 1\r\nx\r\n");
  std::string cas = cas_of(h, "a");
  EXPECT_EQ(h.send("cas a 0 0 1 " + std::to_string(std::stoull(cas) + 1) + "\r\ny\r\n"),
            "EXISTS\r\n");
  EXPECT_EQ(h.send("cas a 3 0 1 " + cas + "\r\nz\r\n"), "STORED\r\n");
  EXPECT_EQ(h.send("cas a 3 0 1 " + cas + "\r\nw\r\n"), "EXISTS\r\n");
  EXPECT_EQ(h.send("get a\r\n"), "VALUE a 3 1\r\nz\r\nEND\r\n");
  WorkerStats& w = h.worker();
  EXPECT_EQ(w.cas_misses.get(), 1u);
  EXPECT_EQ(w.cas_hits.get(), 1u);
  EXPECT_EQ(w.cas_badval.get(), 2u);
  EXPECT_EQ(w.cmd_set.get(), 5u);  // every storage command that reached the store
}

TEST(ExecStorageTest, TooLargeSetDropsTheOldValueOtherCommandsKeepIt) {
  Settings s;
  s.item_size_max = 2048;
  SessionHarness h(s);
  const std::string big(4000, 'b');
  for (std::string cmd : {"add", "replace", "append", "prepend"}) {
    h.send("set k 0 0 3\r\nold\r\n");
    EXPECT_EQ(h.send(cmd + " k 0 0 4000\r\n" + big + "\r\nget k\r\n"),
              "SERVER_ERROR object too large for cache\r\nVALUE k 0 3\r\nold\r\nEND\r\n")
        << cmd;
  }
  EXPECT_EQ(h.send("cas k 0 0 4000 1\r\n" + big + "\r\nget k\r\n"),
            "SERVER_ERROR object too large for cache\r\nVALUE k 0 3\r\nold\r\nEND\r\n");
  EXPECT_EQ(h.send("set k 0 0 4000\r\n" + big + "\r\nget k\r\n"),
            "SERVER_ERROR object too large for cache\r\nEND\r\n");
  EXPECT_EQ(h.worker().store_too_large.get(), 6u);
  EXPECT_EQ(h.worker().cmd_set.get(), 4u);  // the four plain sets of "old"
}

TEST(ExecStorageTest, TooLargeWithNoreplyIsSilent) {
  Settings s;
  s.item_size_max = 1024;
  SessionHarness h(s);
  const std::string big(3000, 'b');
  EXPECT_EQ(h.send("set k 0 0 3000 noreply\r\n" + big + "\r\nget k\r\n"), "END\r\n");
}

TEST(ExecStorageTest, WithoutEvictionAFullStoreRefusesAndDropsTheOldValue) {
  Settings s;
  s.memory_limit = 2u << 20;
  s.evict = false;
  SessionHarness h(s);
  const std::string value(100000, 'v');
  h.send("set first 0 0 1\r\nx\r\n");
  std::string reply;
  int stored = 0;
  for (int i = 0; i < 100 && reply != "SERVER_ERROR out of memory storing object\r\n"; ++i) {
    reply = h.send("set k" + std::to_string(i) + " 0 0 100000\r\n" + value + "\r\n");
    if (reply == "STORED\r\n") ++stored;
  }
  ASSERT_EQ(reply, "SERVER_ERROR out of memory storing object\r\n");
  EXPECT_GT(stored, 5);
  EXPECT_EQ(h.worker().store_no_memory.get(), 1u);
  // Nothing was evicted to make room.
  EXPECT_EQ(h.send("get first\r\n"), "VALUE first 0 1\r\nx\r\nEND\r\n");
  // A set that fails for memory removes the key's old value, as memcached does.
  EXPECT_EQ(h.send("set first 0 0 100000\r\n" + value + "\r\nget first\r\n"),
            "SERVER_ERROR out of memory storing object\r\nEND\r\n");
}

}  // namespace
}  // namespace ringcache::node
