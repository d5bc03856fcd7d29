// The one place that includes Boost.Asio. Only files under common/net include this header, so
// the rest of the tree compiles without Asio (and node/ and proxy/ never see it).
#pragma once

// GCC 12 + Boost 1.74: awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>

namespace ringcache::common {
namespace net = boost::asio;
}  // namespace ringcache::common
