#include "proxy/backend/reply_callback.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <utility>

#include "proxy/backend/backend.h"

namespace ringcache::proxy {
namespace {

TEST(ReplyCallbackTest, CallsWithTheResultAndKeepsCapturesAliveUntilDestroyed) {
  auto owner = std::make_shared<int>(7);
  BackendStatus seen = BackendStatus::kFailed;
  {
    ReplyCallback done = [owner, &seen](BackendResult&& r) { seen = r.status; };
    EXPECT_EQ(owner.use_count(), 2);
    ReplyCallback moved = std::move(done);
    EXPECT_FALSE(done);
    ASSERT_TRUE(moved);
    EXPECT_EQ(owner.use_count(), 2);  // moved, not copied
    BackendResult result;
    result.status = BackendStatus::kTimeout;
    moved(std::move(result));
    EXPECT_EQ(seen, BackendStatus::kTimeout);
  }
  EXPECT_EQ(owner.use_count(), 1);  // released exactly once
}

TEST(ReplyCallbackTest, ACallableBiggerThanTheInlineRoomStillWorks) {
  auto owner = std::make_shared<int>(1);
  std::array<char, ReplyCallback::kInlineSize * 2> big{};
  big.back() = 'x';
  char last = 0;
  {
    ReplyCallback done = [owner, big, &last](BackendResult&&) { last = big.back(); };
    ReplyCallback other;
    other = std::move(done);
    other(BackendResult{});
    EXPECT_EQ(last, 'x');
    other = nullptr;
    EXPECT_FALSE(other);
    EXPECT_EQ(owner.use_count(), 1);
  }
  EXPECT_EQ(owner.use_count(), 1);
}

}  // namespace
}  // namespace ringcache::proxy
