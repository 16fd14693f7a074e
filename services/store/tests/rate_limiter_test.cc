// The ingest rate limit per principal (issue 19, failure 3): no budget is
// bought by reconnecting, and bounding the map never frees a bucket in use.
// Time is a FakeClock (issue 19, "Fault injection seams"): no test waits.
#include "dxhub/store/rate_limiter.h"

#include <gtest/gtest.h>

namespace dxhub::store {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiter, RefillsAtTheRateUpToOneSecondsBudget) {
  FakeClock clock;
  RateLimiter limiter(10, 10000, clock);
  uint32_t retry = 0;
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 10, &retry));
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 1, &retry));
  EXPECT_EQ(retry, 100u) << "one token at 10/s";
  EXPECT_TRUE(limiter.Take("BMDC-connector", 10, &retry)) << "another key has its own budget";
  clock.Advance(milliseconds(500));
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 5, &retry));
  clock.Advance(milliseconds(10000));
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 10, &retry) && limiter.Take("BTHFT-connector", 1, &retry))
      << "idle time never saves up more than one second's budget";
}

// Issue 18: the writer takes a batch's tokens before the validator has parsed
// it; a message that then does not parse gets them back, as if never taken.
TEST(RateLimiter, I18_ARefundGivesBackTheTokensOfAMessageThatDidNotParseUpToTheBudget) {
  FakeClock clock;
  RateLimiter limiter(10, 10000, clock);
  uint32_t retry = 0;
  ASSERT_TRUE(limiter.Take("BTHFT-connector", 8, &retry));
  limiter.Refund("BTHFT-connector", 8);
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 10, &retry)) << "the whole budget is there again";
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 1, &retry));
  limiter.Refund("BTHFT-connector", 50);
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 10, &retry));
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 1, &retry)) << "a refund never gives more than the budget";
  limiter.Refund("nobody", 5);  // no bucket: nothing to do
  EXPECT_EQ(limiter.entries(), 1u);
}

TEST(RateLimiter, I19_TokensRefillOnTheInjectedClockAndRetryAfterIsWhenTheyAreThere) {
  FakeClock clock;
  RateLimiter limiter(1000, 10000, clock);
  uint32_t retry = 0;
  ASSERT_TRUE(limiter.Take("BTHFT-connector", 1000, &retry));
  // Nothing refills while the fake clock stands still, however long the test really takes.
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 400, &retry));
  EXPECT_EQ(retry, 400u) << "400 tokens at 1000/s";
  clock.Advance(milliseconds(399));
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 400, &retry));
  EXPECT_EQ(retry, 1u);
  clock.Advance(milliseconds(1));
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 400, &retry)) << "the tokens are there when retry_after said";
  // Sleeping on the clock refills the same way as any other passing of time.
  clock.SleepFor(milliseconds(250));
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 250, &retry));
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 1, &retry));
  // The wall clock set back or forwards changes nothing: elapsed time is monotonic.
  clock.Set(SysTime{std::chrono::seconds(2'000'000'000)});
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 1, &retry));
}

TEST(RateLimiter, I19_TheRealClockIsTheDefaultAndRefills) {
  RateLimiter limiter(100);  // RealClock(): 10 ms per token
  uint32_t retry = 0;
  ASSERT_TRUE(limiter.Take("BTHFT-connector", 100, &retry));
  EXPECT_FALSE(limiter.Take("BTHFT-connector", 2, &retry));
  RealClock().SleepFor(milliseconds(retry));
  EXPECT_TRUE(limiter.Take("BTHFT-connector", 2, &retry)) << "refilled in real time after retry_after_ms";
}

TEST(RateLimiter, F3_ChurnOfPrincipalsPastTheBoundNeitherFreesABucketInUseNorResetsABudget) {
  FakeClock clock;
  RateLimiter limiter(10, /*max_entries=*/4, clock);
  uint32_t retry = 0;
  ASSERT_TRUE(limiter.Take("busy", 10, &retry));  // spent: must survive every eviction in the next second
  // Past the bound within one second: nothing is full, so nothing may be evicted (an evicted
  // bucket would come back full: a fresh budget). Under ASan a freed bucket still in use is a report.
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(limiter.Take("burst-" + std::to_string(i), 10, &retry));
    clock.Advance(milliseconds(1));
  }
  clock.Advance(milliseconds(480));  // 500 ms after the busy key spent its budget
  EXPECT_FALSE(limiter.Take("busy", 10, &retry)) << "the busy key's spent budget was forgotten by eviction";
  // Idle keys refill and are evicted: churn of many keys over time keeps the map at the bound.
  clock.Advance(milliseconds(1500));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(limiter.Take("key-" + std::to_string(i), 1, &retry));
    EXPECT_LE(limiter.entries(), 5u);
    clock.Advance(milliseconds(200));
  }
}

}  // namespace
}  // namespace dxhub::store
