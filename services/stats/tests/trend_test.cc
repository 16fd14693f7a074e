#include "dxhub/stats/trend.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace dxhub::stats {
namespace {

// Census dates a year apart, far from day 0 as real day numbers are.
constexpr int64_t kDay0 = 19448;  // 2023-03-31

TEST(FitLinearTrend, MatchesHandComputedLeastSquares) {
  // (0, 1), (1, 3), (2, 2): mean day 1, mean value 2; Sxy = (−1)(−1) + 0 + (1)(0)
  // = 1; Sxx = 2; slope 0.5; value at day 3 = 2 + 0.5 × 2 = 3.
  const std::vector<TrendPoint> points{{0, 1.0}, {1, 3.0}, {2, 2.0}};
  const LinearTrend trend = FitLinearTrend(points);
  ASSERT_TRUE(trend.defined);
  EXPECT_EQ(trend.points, 3);
  EXPECT_DOUBLE_EQ(trend.slope_per_day, 0.5);
  EXPECT_DOUBLE_EQ(TrendValueAt(trend, 3), 3.0);
}

TEST(FitLinearTrend, OnePointOrOneDayHasNoTrend) {
  EXPECT_FALSE(FitLinearTrend(std::vector<TrendPoint>{{kDay0, 20.0}}).defined);
  EXPECT_FALSE(FitLinearTrend(std::vector<TrendPoint>{{kDay0, 20.0}, {kDay0, 30.0}}).defined);
  EXPECT_FALSE(FitLinearTrend({}).defined);
  EXPECT_TRUE(std::isnan(TrendValueAt(FitLinearTrend({}), kDay0)));
}

TEST(FitLinearTrend, NonFiniteValuesAreIgnored) {
  const std::vector<TrendPoint> points{{0, 10.0}, {1, NAN}, {2, 12.0}};
  const LinearTrend trend = FitLinearTrend(points);
  EXPECT_EQ(trend.points, 2);
  EXPECT_DOUBLE_EQ(trend.slope_per_day, 1.0);
}

// Representation 20%, 25%, 30% at yearly census dates: +5 points a year.
std::vector<TrendPoint> Rising() { return {{kDay0, 20.0}, {kDay0 + 365, 25.0}, {kDay0 + 730, 30.0}}; }

TEST(ReachesTarget, RisingTrendReachesHigherTargetOnItsDueDate) {
  // Fitted value on kDay0 + 1095 is exactly 35.
  EXPECT_TRUE(ReachesTarget(Rising(), 35.0, kDay0 + 1095));
  EXPECT_FALSE(ReachesTarget(Rising(), 35.0, kDay0 + 1094));
}

TEST(ReachesTarget, FallingTrendDoesNotReachHigherTarget) {
  const std::vector<TrendPoint> points{{kDay0, 30.0}, {kDay0 + 365, 28.0}};
  EXPECT_FALSE(ReachesTarget(points, 35.0, kDay0 + 3650));
}

TEST(ReachesTarget, TargetBelowCurrentValueMustBeReachedFromAbove) {
  // A disciplinary relative likelihood 2.0, 1.8, 1.6: −0.2 a year, so 1.25 is
  // reached 1.75 years after the last point.
  const std::vector<TrendPoint> points{{kDay0, 2.0}, {kDay0 + 365, 1.8}, {kDay0 + 730, 1.6}};
  EXPECT_TRUE(ReachesTarget(points, 1.25, kDay0 + 730 + 640));
  EXPECT_FALSE(ReachesTarget(points, 1.25, kDay0 + 730 + 600));
}

TEST(ReachesTarget, ExplicitDirectionOverridesTheLatestValue) {
  // Flat at 36% against a 35% "at least" target: met. Inferred from the latest
  // value the target would be "at most" 35% and a flat 36% never gets there.
  const std::vector<TrendPoint> flat{{kDay0, 36.0}, {kDay0 + 365, 36.0}};
  EXPECT_TRUE(ReachesTarget(flat, 35.0, kDay0 + 1000, TargetDirection::kAtLeast));
  EXPECT_FALSE(ReachesTarget(flat, 35.0, kDay0 + 1000));
  EXPECT_FALSE(ReachesTarget(flat, 35.0, kDay0 + 1000, TargetDirection::kAtMost));
}

TEST(ReachesTarget, UndefinedTrendNeverReaches) {
  EXPECT_FALSE(ReachesTarget(std::vector<TrendPoint>{{kDay0, 40.0}}, 35.0, kDay0 + 365));
}

TEST(ReachesTarget, OrderOfPointsDoesNotMatter) {
  std::vector<TrendPoint> points = Rising();
  std::reverse(points.begin(), points.end());
  EXPECT_TRUE(ReachesTarget(points, 35.0, kDay0 + 1095));
  EXPECT_FALSE(ReachesTarget(points, 35.0, kDay0 + 1094));
}

}  // namespace
}  // namespace dxhub::stats
