// The ingest rate limit per principal (issue 19, failure 3): no budget is
// bought by reconnecting, and bounding the map never frees a bucket in use.
#include "dxhub/store/rate_limiter.h"

#include <gtest/gtest.h>

namespace dxhub::store {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiter, RefillsAtTheRateUpToOneSecondsBudget) {
  RateLimiter limiter(10);
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  uint32_t retry = 0;
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 10, t0, &retry));
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 1, t0, &retry));
  EXPECT_EQ(retry, 100u) << "one token at 10/s";
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 5, t0 + milliseconds(500), &retry));
  EXPECT_TRUE(limiter.Take("BMDC-connector", 10, t0, &retry)) << "another key has its own budget";
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 10, t0 + milliseconds(10000), &retry) &&
               limiter.Take("BTHFT-connector", 1, t0 + milliseconds(10000), &retry))
      << "idle time never saves up more than one second's budget";
}

TEST(RateLimiter, F3_ChurnOfPrincipalsPastTheBoundNeitherFreesABucketInUseNorResetsABudget) {
  RateLimiter limiter(10, /*max_entries=*/4);
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  uint32_t retry = 0;
  ASSERT_TRUE(limiter.Take("busy", 10, t0, &retry));  // spent: must survive every eviction in the next second
  // Past the bound within one second: nothing is full, so nothing may be evicted (an evicted
  // bucket would come back full: a fresh budget). Under ASan a freed bucket still in use is a report.
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(limiter.Take("burst-" + std::to_string(i), 10, t0 + milliseconds(i), &retry));
  EXPECT_FALSE(limiter.Take("busy", 10, t0 + milliseconds(500), &retry))
      << "the busy key's spent budget was forgotten by eviction";
  // Idle keys refill and are evicted: churn of many keys over time keeps the map at the bound.
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(limiter.Take("key-" + std::to_string(i), 1, t0 + milliseconds(2000 + 200 * i), &retry));
    EXPECT_LE(limiter.entries(), 5u);
  }
}

}  // namespace
}  // namespace dxhub::store
