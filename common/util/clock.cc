#include "common/util/clock.h"

#include <ctime>

namespace ringcache::common {

SystemClock::SystemClock() : now_(static_cast<int64_t>(std::time(nullptr))) {}

void SystemClock::tick() { now_.store(static_cast<int64_t>(std::time(nullptr)), std::memory_order_relaxed); }

}  // namespace ringcache::common
