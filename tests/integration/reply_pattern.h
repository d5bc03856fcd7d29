// Replies whose numbers vary between servers or runs (CAS values, remaining TTLs, seconds
// since last access): the pattern gives the exact bytes with '#' where a decimal number
// (maybe negative) stands, and the numbers come back for the test to check.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/integration/test_client.h"

namespace ringcache::integration {

/// The numbers '#' stood for, or nothing when `got` does not have the pattern's shape.
std::optional<std::vector<long long>> match_pattern(std::string_view got,
                                                    std::string_view pattern);

/// Sends `request`, reads as many lines as `pattern` has and matches them. A mismatch adds
/// a test failure showing both (the caller's ASSERT on the result gives the location).
std::optional<std::vector<long long>> call_like(TestClient& client, std::string_view request,
                                                std::string_view pattern);

}  // namespace ringcache::integration
