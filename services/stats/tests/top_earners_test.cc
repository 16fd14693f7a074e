#include "dxhub/stats/top_earners.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "test_random.h"

namespace dxhub::stats {
namespace {

// n full-timers with index i paid 100 − i, so index 0 is the top earner.
std::vector<EarnerInput> FullTimers(size_t n) {
  std::vector<EarnerInput> staff;
  for (size_t i = 0; i < n; ++i) staff.push_back({i, 1.0, 100.0 - static_cast<double>(i)});
  return staff;
}

TEST(TopEarners, NoStaffSelectsNoOne) { EXPECT_TRUE(TopEarners({}).empty()); }

TEST(TopEarners, OnePersonIsTheirOwnTopFivePercent) {
  const std::vector<EarnerInput> staff{{7, 0.4, 12.5}};
  EXPECT_EQ(TopEarners(staff), std::vector<size_t>{7});
}

TEST(TopEarners, TwentyFullTimersSelectTheTopOne) {
  // 5% of 20 FTE = 1.0, reached exactly by the top earner.
  EXPECT_EQ(TopEarners(FullTimers(20)), std::vector<size_t>{0});
}

TEST(TopEarners, TwentyOneFullTimersSelectTheTopTwo) {
  // 5% of 21 FTE = 1.05: the top earner gives 1.0, so the second crosses it.
  EXPECT_EQ(TopEarners(FullTimers(21)), (std::vector<size_t>{0, 1}));
}

TEST(TopEarners, EveryoneTiedOnTheBoundaryPayIsIncluded) {
  // 20 FTE, target 1.0: indexes 0 and 1 share the top rate, both go in,
  // though 2.0 FTE exceeds the target.
  std::vector<EarnerInput> staff = FullTimers(20);
  staff[1].hourly_pay = staff[0].hourly_pay;
  EXPECT_EQ(TopEarners(staff), (std::vector<size_t>{0, 1}));
}

TEST(TopEarners, TiesBelowTheBoundaryAreNotIncluded) {
  std::vector<EarnerInput> staff = FullTimers(20);
  staff[2].hourly_pay = staff[1].hourly_pay;  // tied, but below the top one
  EXPECT_EQ(TopEarners(staff), std::vector<size_t>{0});
}

TEST(TopEarners, PartTimersAreWeightedByFte) {
  // 18 full-timers plus two 0.5 FTE top earners: total 19 FTE, target 0.95.
  // The first part-timer gives 0.5; the second brings it to 1.0 and crosses.
  std::vector<EarnerInput> staff = FullTimers(18);
  staff.push_back({100, 0.5, 500.0});
  staff.push_back({101, 0.5, 400.0});
  EXPECT_EQ(TopEarners(staff), (std::vector<size_t>{100, 101}));
}

TEST(TopEarners, FractionalFteSumsReachTheShareExactly) {
  // 200 staff at 0.1 FTE = 20 FTE, target 1.0: ten of them, not eleven,
  // although 0.1 added ten times is 0.9999999999999999 in binary.
  std::vector<EarnerInput> staff;
  for (size_t i = 0; i < 200; ++i) staff.push_back({i, 0.1, 1000.0 - static_cast<double>(i)});
  EXPECT_EQ(TopEarners(staff).size(), 10u);
}

TEST(TopEarners, ResultDoesNotDependOnInputOrder) {
  std::vector<EarnerInput> staff = FullTimers(41);
  staff[3].fte = 0.5;
  const std::vector<size_t> forward = TopEarners(staff);
  std::reverse(staff.begin(), staff.end());
  EXPECT_EQ(TopEarners(staff), forward);
  EXPECT_EQ(forward, (std::vector<size_t>{0, 1, 2}));  // target 2.025 FTE
}

// For a caller that ranks once (the aggregator's AddPay): staff ranked as
// TopEarners ranks them select the same people, FTE summed in the same order.
TEST(TopEarners, I18_OfRankedStaffEqualsRankingThemHere) {
  TestRandom next(4242);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<EarnerInput> staff;
    const uint64_t n = 1 + next(300), rates = 1 + next(trial % 2 == 0 ? 6 : 500);
    for (size_t i = 0; i < n; ++i) {
      staff.push_back({i, static_cast<double>(1 + next(1000)) / 1000.0, static_cast<double>(900 + next(rates))});
    }
    std::vector<EarnerInput> ranked = staff;
    std::sort(ranked.begin(), ranked.end(), [](const EarnerInput& x, const EarnerInput& y) {
      return x.hourly_pay != y.hourly_pay ? x.hourly_pay > y.hourly_pay : x.index < y.index;
    });
    const double share = trial % 3 == 0 ? 0.05 : static_cast<double>(1 + next(100)) / 100.0;
    EXPECT_EQ(TopEarnersOfRanked(ranked, share), TopEarners(staff, share)) << "trial " << trial;
  }
}

TEST(TopEarners, ReturnsIndexesInAscendingOrder) {
  const std::vector<EarnerInput> staff{{42, 1.0, 90.0}, {7, 1.0, 80.0}, {9, 30.0, 10.0}};
  // Total 32 FTE, target 1.6: 42 (1.0) then 7 (2.0).
  EXPECT_EQ(TopEarners(staff), (std::vector<size_t>{7, 42}));
}

TEST(TopEarners, EntriesWithoutWeightOrPayAreIgnored) {
  std::vector<EarnerInput> staff = FullTimers(20);
  staff.push_back({50, 0.0, 1000.0});
  staff.push_back({51, 1.0, std::numeric_limits<double>::quiet_NaN()});
  staff.push_back({52, -1.0, 1000.0});
  EXPECT_EQ(TopEarners(staff), std::vector<size_t>{0});
}

TEST(TopEarners, ShareBoundsSelectNoOneOrEveryone) {
  EXPECT_TRUE(TopEarners(FullTimers(20), 0.0).empty());
  EXPECT_TRUE(TopEarners(FullTimers(20), std::numeric_limits<double>::quiet_NaN()).empty());
  EXPECT_EQ(TopEarners(FullTimers(5), 1.0).size(), 5u);
  EXPECT_EQ(TopEarners(FullTimers(5), 2.0).size(), 5u);
}

TEST(FteWeightedShare, PartTimersCountByTheirFte) {
  // In group: index 1 (1.0 FTE) and 3 (0.5); out: index 2 (0.5). 1.5 / 2.0.
  const std::vector<EarnerInput> members{{1, 1.0, 50.0}, {2, 0.5, 60.0}, {3, 0.5, 70.0}};
  EXPECT_DOUBLE_EQ(FteWeightedShare(members, [](size_t i) { return i != 2; }), 0.75);
}

TEST(FteWeightedShare, NoMembersGiveNaN) {
  EXPECT_TRUE(std::isnan(FteWeightedShare({}, [](size_t) { return true; })));
}

}  // namespace
}  // namespace dxhub::stats
