#include "dxhub/stats/pay.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "test_random.h"

namespace dxhub::stats {
namespace {

constexpr int kA = 1;
constexpr int kB = 2;

std::array<int64_t, 4> Sizes(size_t n) {
  std::vector<PayInput> staff;
  for (size_t i = 0; i < n; ++i) staff.push_back({static_cast<double>(i), kA});
  return ComputePayQuartiles(staff).sizes;
}

std::array<int64_t, 4> CountsOf(const PayQuartiles& q, int group) {
  return {q.Count(PayQuartile::kLower, group), q.Count(PayQuartile::kLowerMiddle, group),
          q.Count(PayQuartile::kUpperMiddle, group), q.Count(PayQuartile::kUpper, group)};
}

TEST(PayQuartiles, EightPeopleSplitTwoPerQuartileByPay) {
  // Pay 1..8; group B holds the three best paid.
  std::vector<PayInput> staff;
  for (int pay = 8; pay >= 1; --pay) staff.push_back({static_cast<double>(pay), pay >= 6 ? kB : kA});
  const PayQuartiles q = ComputePayQuartiles(staff);
  EXPECT_EQ(q.sizes, (std::array<int64_t, 4>{2, 2, 2, 2}));
  EXPECT_EQ(CountsOf(q, kA), (std::array<int64_t, 4>{2, 2, 1, 0}));
  EXPECT_EQ(CountsOf(q, kB), (std::array<int64_t, 4>{0, 0, 1, 2}));
  EXPECT_EQ(q.Count(PayQuartile::kUpper, 99), 0);
  EXPECT_EQ(q.Size(PayQuartile::kUpper), 2);
}

TEST(PayQuartiles, ExtraPeopleGoToTheLowerQuartilesFirst) {
  EXPECT_EQ(Sizes(0), (std::array<int64_t, 4>{0, 0, 0, 0}));
  EXPECT_EQ(Sizes(1), (std::array<int64_t, 4>{1, 0, 0, 0}));
  EXPECT_EQ(Sizes(4), (std::array<int64_t, 4>{1, 1, 1, 1}));
  EXPECT_EQ(Sizes(5), (std::array<int64_t, 4>{2, 1, 1, 1}));
  EXPECT_EQ(Sizes(6), (std::array<int64_t, 4>{2, 2, 1, 1}));
  EXPECT_EQ(Sizes(7), (std::array<int64_t, 4>{2, 2, 2, 1}));
}

TEST(PayQuartiles, TiedPayAcrossBoundariesSplitsGroupsEvenly) {
  // Eight people on one rate, four per group: ranking A's before B's would put
  // every A in the lower half. Spread evenly, each quartile holds one of each.
  std::vector<PayInput> staff;
  for (int i = 0; i < 4; ++i) staff.push_back({10.0, kA});
  for (int i = 0; i < 4; ++i) staff.push_back({10.0, kB});
  const PayQuartiles q = ComputePayQuartiles(staff);
  EXPECT_EQ(CountsOf(q, kA), (std::array<int64_t, 4>{1, 1, 1, 1}));
  EXPECT_EQ(CountsOf(q, kB), (std::array<int64_t, 4>{1, 1, 1, 1}));
}

TEST(PayQuartiles, TiedRunWithUnevenGroupsSpreadsTheSmallerGroup) {
  // Two A's and six B's on one rate: A's sit at 0.25 and 0.75 of the run, B's at
  // 1/12, 3/12, ..., 11/12 -> B A | B B | B A | B B (A before B on the tie at 0.25).
  std::vector<PayInput> staff{{10.0, kA}, {10.0, kA}};
  for (int i = 0; i < 6; ++i) staff.push_back({10.0, kB});
  const PayQuartiles q = ComputePayQuartiles(staff);
  EXPECT_EQ(CountsOf(q, kA), (std::array<int64_t, 4>{1, 0, 1, 0}));
}

TEST(PayQuartiles, ResultDoesNotDependOnInputOrder) {
  std::vector<PayInput> staff{{9.5, kA}, {12.0, kB}, {9.5, kB}, {30.0, kA}, {12.0, kA}, {9.5, kA}, {15.0, kB}};
  const PayQuartiles forward = ComputePayQuartiles(staff);
  std::reverse(staff.begin(), staff.end());
  const PayQuartiles backward = ComputePayQuartiles(staff);
  EXPECT_EQ(backward.sizes, forward.sizes);
  EXPECT_EQ(backward.by_group, forward.by_group);
}

// The quartiles with every run of equal pay spread by group, as they were
// computed before issue 18 spread only the runs a quartile boundary cuts.
std::array<std::array<int64_t, 4>, 3> SpreadingEveryRun(std::vector<PayInput> staff) {
  struct Ranked { double pay; int group; double place; };
  std::vector<Ranked> r;
  for (const auto& p : staff) r.push_back({p.hourly_pay, p.group, 0});
  std::sort(r.begin(), r.end(), [](const Ranked& x, const Ranked& y) {
    return x.pay != y.pay ? x.pay < y.pay : x.group < y.group;
  });
  for (size_t b = 0; b < r.size();) {
    size_t e = b;
    while (e < r.size() && r[e].pay == r[b].pay) ++e;
    for (size_t g = b; g < e;) {
      size_t h = g;
      while (h < e && r[h].group == r[g].group) ++h;
      for (size_t k = g; k < h; ++k) r[k].place = (static_cast<double>(k - g) + 0.5) / static_cast<double>(h - g);
      g = h;
    }
    std::sort(r.begin() + static_cast<std::ptrdiff_t>(b), r.begin() + static_cast<std::ptrdiff_t>(e),
              [](const Ranked& x, const Ranked& y) { return x.place != y.place ? x.place < y.place : x.group < y.group; });
    b = e;
  }
  std::array<std::array<int64_t, 4>, 3> counts{};
  const size_t n = r.size();
  size_t at = 0;
  for (size_t q = 0; q < 4; ++q) {
    for (size_t k = 0; k < n / 4 + (q < n % 4 ? 1 : 0); ++k, ++at) ++counts[static_cast<size_t>(r[at].group)][q];
  }
  return counts;
}

TEST(PayQuartiles, I18_SpreadingOnlyTheRunsABoundaryCutsCountsAsSpreadingEveryRun) {
  TestRandom next(12345);
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<PayInput> staff;
    // Mostly few rates (long runs of equal pay); every fourth trial mostly distinct rates.
    const uint64_t n = 1 + next(120), rates = trial % 4 == 3 ? 1 + next(400) : 1 + next(12);
    for (uint64_t i = 0; i < n; ++i) staff.push_back({10.0 + static_cast<double>(next(rates)), static_cast<int>(next(3))});
    const auto expected = SpreadingEveryRun(staff);
    const PayQuartiles q = ComputePayQuartiles(staff);
    for (int group = 0; group < 3; ++group) {
      EXPECT_EQ(CountsOf(q, group), expected[static_cast<size_t>(group)]) << "trial " << trial << " group " << group;
    }
  }
}

// The variants for a caller that ranks once (the aggregator's AddPay): given
// the same people ranked, the same figures, whatever the order within a rate.
TEST(PayQuartiles, I18_OfRankedStaffEqualsRankingThemHere) {
  TestRandom next(777);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<PayInput> staff;
    const uint64_t n = 1 + next(150), rates = 1 + next(trial % 2 == 0 ? 8 : 300);
    for (uint64_t i = 0; i < n; ++i) staff.push_back({10.0 + static_cast<double>(next(rates)) / 4, static_cast<int>(next(3))});
    std::vector<PayInput> ranked = staff;
    std::sort(ranked.begin(), ranked.end(), [](const PayInput& x, const PayInput& y) {
      return x.hourly_pay != y.hourly_pay ? x.hourly_pay < y.hourly_pay : x.group > y.group;  // groups reversed in a run
    });
    const PayQuartiles expected = ComputePayQuartiles(staff);
    const PayQuartiles got = ComputePayQuartilesOfRanked(ranked);
    EXPECT_EQ(got.sizes, expected.sizes) << "trial " << trial;
    EXPECT_EQ(got.by_group, expected.by_group) << "trial " << trial;

    std::vector<double> reference, group;
    for (const PayInput& p : staff) (p.group == 1 ? reference : group).push_back(p.hourly_pay);
    const PayGap gap = ComputePayGap(reference, group);
    std::sort(reference.begin(), reference.end());
    std::sort(group.begin(), group.end());
    const PayGap of_sorted = ComputePayGapOfSorted(reference, group);
    EXPECT_EQ(of_sorted.reference_count, gap.reference_count);
    EXPECT_EQ(of_sorted.group_count, gap.group_count);
    // Bit for bit (the cube digest covers these figures), NaN where both are.
    EXPECT_TRUE(of_sorted.mean_gap_percent == gap.mean_gap_percent ||
                (std::isnan(of_sorted.mean_gap_percent) && std::isnan(gap.mean_gap_percent))) << "trial " << trial;
    EXPECT_TRUE(of_sorted.median_gap_percent == gap.median_gap_percent ||
                (std::isnan(of_sorted.median_gap_percent) && std::isnan(gap.median_gap_percent))) << "trial " << trial;
  }
}

TEST(PayQuartiles, NonFinitePayIsIgnored) {
  const std::vector<PayInput> staff{{std::numeric_limits<double>::quiet_NaN(), kA}, {10.0, kB}};
  EXPECT_EQ(ComputePayQuartiles(staff).sizes, (std::array<int64_t, 4>{1, 0, 0, 0}));
}

TEST(Median, EmptySetIsNaN) {
  EXPECT_TRUE(std::isnan(Median({})));
  EXPECT_TRUE(std::isnan(Mean({})));
}

TEST(Median, OddCountTakesMiddleEvenCountAveragesMiddlePair) {
  EXPECT_EQ(Median(std::vector<double>{3.0, 1.0, 2.0}), 2.0);
  EXPECT_EQ(Median(std::vector<double>{10.0, 1.0, 3.0, 2.0}), 2.5);
  EXPECT_EQ(Median(std::vector<double>{7.0}), 7.0);
}

TEST(PayGap, MatchesHandComputation) {
  // Reference 10, 12, 14, 20: mean 14, median 13. Group 9, 11, 13: mean 11,
  // median 11. Mean gap (14 − 11) / 14 × 100 = 21.4286%;
  // median gap (13 − 11) / 13 × 100 = 15.3846%.
  const PayGap gap = ComputePayGap(std::vector<double>{10, 12, 14, 20}, std::vector<double>{9, 11, 13});
  EXPECT_EQ(gap.reference_count, 4);
  EXPECT_EQ(gap.group_count, 3);
  EXPECT_NEAR(gap.mean_gap_percent, 21.4286, 5e-5);
  EXPECT_NEAR(gap.median_gap_percent, 15.3846, 5e-5);
}

TEST(PayGap, GroupPaidMoreGivesNegativeGap) {
  EXPECT_DOUBLE_EQ(PayGapPercent(20.0, 25.0), -25.0);
  EXPECT_DOUBLE_EQ(PayGapPercent(20.0, 15.0), 25.0);
}

TEST(PayGap, UndefinedWithoutReferencePay) {
  EXPECT_TRUE(std::isnan(PayGapPercent(0.0, 10.0)));
  const PayGap gap = ComputePayGap({}, std::vector<double>{9, 11});
  EXPECT_TRUE(std::isnan(gap.mean_gap_percent));
  EXPECT_TRUE(std::isnan(gap.median_gap_percent));
}

}  // namespace
}  // namespace dxhub::stats
