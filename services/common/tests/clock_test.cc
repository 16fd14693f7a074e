// The clock seam (issue 19, "Fault injection seams"): the fake clock never
// waits and moves its wall and monotonic readings as documented; the real
// clock really sleeps and its monotonic reading measures it.
#include "dxhub/common/clock.h"

#include <gtest/gtest.h>

#include <vector>

namespace dxhub {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(Clock, I19_FakeClockSleepsAdvanceBothReadingsAtOnceAndCallTheHook) {
  const SysTime start{seconds(1'700'000'000)};
  FakeClock clock(start);
  std::vector<milliseconds> hooked;
  clock.OnSleep([&](milliseconds slept) { hooked.push_back(slept); });
  const SteadyTime t0 = clock.Monotonic();
  const auto real_start = std::chrono::steady_clock::now();

  clock.SleepFor(milliseconds(600));
  EXPECT_EQ(clock.Now(), start) << "wall time is whole seconds: 600 ms is not one yet";
  clock.SleepFor(milliseconds(600));
  EXPECT_EQ(clock.Now(), start + seconds(1)) << "sub-second sleeps add up";
  EXPECT_EQ(clock.Monotonic() - t0, milliseconds(1200)) << "the monotonic reading keeps the milliseconds";
  clock.SleepFor(std::chrono::hours(24));
  EXPECT_EQ(clock.Now(), start + seconds(86401));
  EXPECT_EQ(clock.slept(), milliseconds(1200) + std::chrono::hours(24));
  EXPECT_EQ(hooked, (std::vector<milliseconds>{milliseconds(600), milliseconds(600), std::chrono::hours(24)}));
  EXPECT_LT(std::chrono::steady_clock::now() - real_start, seconds(5)) << "a day of fake sleep took real time";
}

TEST(Clock, I19_FakeClockAdvanceIsNotSleepAndSettingTheWallClockLeavesElapsedTimeAlone) {
  FakeClock clock;
  int hooked = 0;
  clock.OnSleep([&](milliseconds) { ++hooked; });
  const SteadyTime t0 = clock.Monotonic();
  clock.Advance(milliseconds(1500));
  EXPECT_EQ(clock.Monotonic() - t0, milliseconds(1500));
  EXPECT_EQ(clock.Now(), SysTime{seconds(1)});
  EXPECT_EQ(clock.slept(), milliseconds(0));
  EXPECT_EQ(hooked, 0);
  clock.Set(SysTime{seconds(1'800'000'000)});  // the wall clock set forwards: elapsed time does not jump
  EXPECT_EQ(clock.Monotonic() - t0, milliseconds(1500));
  clock.Set(SysTime{seconds(5)});  // and backwards
  EXPECT_EQ(clock.Monotonic() - t0, milliseconds(1500));
}

TEST(Clock, I19_SystemClockReallySleepsAndItsMonotonicReadingMeasuresIt) {
  Clock& clock = RealClock();
  EXPECT_EQ(&clock, &RealClock()) << "one shared instance";
  const SteadyTime before = clock.Monotonic();
  clock.SleepFor(milliseconds(20));
  EXPECT_GE(clock.Monotonic() - before, milliseconds(20));
  const auto wall = std::chrono::floor<seconds>(std::chrono::system_clock::now());
  EXPECT_LE(std::chrono::abs(clock.Now() - wall), seconds(1));
}

}  // namespace
}  // namespace dxhub
