#include "node/storage/hash_table.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/hash/key_hash.h"

namespace ringcache::node {
namespace {

class HashTableTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(table_.init(budget_, HashTable::kMinCapacity)); }
  void TearDown() override {
    table_.destroy(budget_);
    for (Item* item : items_) std::free(item);
  }
  Item* make(const std::string& key) {
    Item* item = init_item(std::calloc(1, item_total_size(key.size(), 0, 0)), key, 0, 0);
    items_.push_back(item);
    return item;
  }
  bool add(const std::string& key) {
    if (table_.over_load() && !table_.grow(budget_)) return false;
    return table_.insert(common::key_hash(key), make(key), 1);
  }
  bool has(const std::string& key) const {
    return table_.find(common::key_hash(key), key) != HashTable::kNotFound;
  }

  MemoryBudget budget_{1u << 30};
  HashTable table_;
  std::vector<Item*> items_;
};

TEST_F(HashTableTest, FindsWhatWasInsertedAndGrows) {
  for (int i = 0; i < 20000; ++i) ASSERT_TRUE(add("k" + std::to_string(i)));
  EXPECT_EQ(table_.count(), 20000u);
  EXPECT_GE(table_.capacity(), 20000u * 10 / 9);
  EXPECT_LE(table_.capacity(), 20000u * 10 / 9 * 5 / 4 + 8);  // grows by a quarter, not double
  for (int i = 0; i < 20000; ++i) ASSERT_TRUE(has("k" + std::to_string(i))) << i;
  EXPECT_FALSE(has("k20000"));
  EXPECT_EQ(budget_.used(), table_.charge());
}

TEST_F(HashTableTest, EraseKeepsEveryOtherKeyReachable) {
  for (int i = 0; i < 3000; ++i) ASSERT_TRUE(add("k" + std::to_string(i)));
  for (int i = 0; i < 3000; i += 3) {
    const std::string key = "k" + std::to_string(i);
    table_.erase(table_.find(common::key_hash(key), key));
  }
  for (int i = 0; i < 3000; ++i) EXPECT_EQ(has("k" + std::to_string(i)), i % 3 != 0) << i;
  EXPECT_EQ(table_.count(), 2000u);
}

TEST_F(HashTableTest, ClockBitsTravelWithTheirEntry) {
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(add("k" + std::to_string(i)));
  const std::string key = "k7";
  std::size_t slot = table_.find(common::key_hash(key), key);
  for (int i = 0; i < 4; ++i) table_.touch(slot);  // saturates
  EXPECT_EQ(table_.clock_at(slot), HashTable::kMaxClock);
  for (int i = 50; i < 500; ++i) ASSERT_TRUE(add("k" + std::to_string(i)));  // grows, shifts
  slot = table_.find(common::key_hash(key), key);
  EXPECT_EQ(table_.clock_at(slot), HashTable::kMaxClock);
  EXPECT_EQ(table_.item_at(slot)->key(), key);
}

// Steady churn at the highest load the table allows, deleting in scattered order as the
// CLOCK hand does: inserts never hit the probe-distance ceiling.
TEST_F(HashTableTest, ChurnAtFullLoadNeverOverflowsProbeDistance) {
  int next = 0;
  while (!table_.over_load() || table_.capacity() < 16384) {
    ASSERT_TRUE(add("k" + std::to_string(next++)));
  }
  std::mt19937_64 rng(3);
  for (int i = 0; i < 100000; ++i) {
    std::size_t slot;
    do {
      slot = rng() % table_.capacity();
    } while (table_.empty_at(slot));
    table_.erase(slot);
    const std::string key = "k" + std::to_string(next++);
    ASSERT_TRUE(table_.insert(common::key_hash(key), make(key), 1)) << i;
  }
}

}  // namespace
}  // namespace ringcache::node
