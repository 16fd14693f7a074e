#include "dxhub/stats/pay.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

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
