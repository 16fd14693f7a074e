#include "dxhub/stats/proportion.h"

#include <gtest/gtest.h>

#include <cmath>

namespace dxhub::stats {
namespace {

// Published values: Newcombe RG (1998), "Two-sided confidence intervals for the
// single proportion", Stat Med 17:857-872, Table I (Wilson score method).
TEST(WilsonProportion, WilsonIntervalMatchesPublishedExample) {
  // 81/263: p = 0.30798; z²/n = 3.8415/263 = 0.014606;
  // centre = (0.30798 + 0.007303) / 1.014606 = 0.31075;
  // half = 1.95996 / 1.014606 × sqrt(0.30798 × 0.69202 / 263 + 3.8415 / 276676)
  //      = 1.93175 × 0.028710 = 0.055461  ->  [0.2553, 0.3662].
  // 0/20: lower bound exactly 0; upper z² / (n + z²) = 3.8415 / 23.8415 = 0.1611.
  struct Case {
    int64_t num, den;
    double low, high;
  };
  const Case cases[] = {
      {81, 263, 0.2553, 0.3662},
      {15, 148, 0.0624, 0.1605},
      {0, 20, 0.0, 0.1611},
      {1, 29, 0.0061, 0.1718},
  };
  for (const Case& c : cases) {
    const Proportion p = WilsonProportion(c.num, c.den);
    EXPECT_EQ(p.numerator, c.num);
    EXPECT_EQ(p.denominator, c.den);
    EXPECT_DOUBLE_EQ(p.value, static_cast<double>(c.num) / static_cast<double>(c.den));
    EXPECT_NEAR(p.ci_low, c.low, 5e-5) << c.num << "/" << c.den;
    EXPECT_NEAR(p.ci_high, c.high, 5e-5) << c.num << "/" << c.den;
  }
}

TEST(WilsonProportion, LowerBoundNeverGoesBelowZero) {
  // With z = 1.96 the score formula gives 0/20 a lower bound of −1.4e-17 in
  // binary arithmetic; it must read as exactly 0.
  EXPECT_EQ(WilsonProportion(0, 20, 1.96).ci_low, 0.0);
}

TEST(WilsonProportion, AllEventsGiveExactlyOneUpperBound) {
  // 29/29: upper 1; lower n / (n + z²) = 29 / 32.8415 = 0.8830.
  const Proportion p = WilsonProportion(29, 29);
  EXPECT_EQ(p.value, 1.0);
  EXPECT_EQ(p.ci_high, 1.0);
  EXPECT_NEAR(p.ci_low, 0.8830, 5e-5);
}

TEST(WilsonProportion, LargerZGivesWiderInterval) {
  const Proportion p95 = WilsonProportion(81, 263);
  const Proportion p99 = WilsonProportion(81, 263, 2.5758293035489);
  EXPECT_LT(p99.ci_low, p95.ci_low);
  EXPECT_GT(p99.ci_high, p95.ci_high);
}

TEST(WilsonProportion, ZeroDenominatorGivesNaNValueAndBounds) {
  const Proportion p = WilsonProportion(0, 0);
  EXPECT_TRUE(std::isnan(p.value));
  EXPECT_TRUE(std::isnan(p.ci_low));
  EXPECT_TRUE(std::isnan(p.ci_high));
}

TEST(WilsonProportion, InvalidCountsGiveNaN) {
  EXPECT_TRUE(std::isnan(WilsonProportion(11, 10).value));
  EXPECT_TRUE(std::isnan(WilsonProportion(-1, 10).value));
}

// Published values: Newcombe RG (1998), "Interval estimation for the difference
// between independent proportions", Stat Med 17:873-890, Table II, method 10
// (computed there with z = 1.96).
TEST(NewcombeDifference, MatchesPublishedExamples) {
  struct Case {
    int64_t a, n1, b, n2;
    double low, high;
  };
  const Case cases[] = {
      {56, 70, 48, 80, 0.0524, 0.3339},
      {9, 10, 3, 10, 0.1705, 0.8090},
      {5, 56, 0, 29, -0.0381, 0.1926},
      {0, 10, 0, 20, -0.1611, 0.2775},
      {10, 10, 0, 20, 0.6791, 1.0000},
  };
  for (const Case& c : cases) {
    const ProportionDifference d =
        NewcombeDifference(WilsonProportion(c.a, c.n1, 1.96), WilsonProportion(c.b, c.n2, 1.96));
    EXPECT_NEAR(d.ci_low, c.low, 5e-5) << c.a << "/" << c.n1 << " - " << c.b << "/" << c.n2;
    EXPECT_NEAR(d.ci_high, c.high, 5e-5) << c.a << "/" << c.n1 << " - " << c.b << "/" << c.n2;
  }
}

TEST(NewcombeDifference, OverlappingIntervalsCanStillDifferSignificantly) {
  // 56/70 has Wilson [0.6918, 0.8770]; 48/80 has [0.4905, 0.7004]: they overlap,
  // yet the difference 0.20 has interval [0.0524, 0.3339], which excludes 0.
  const Proportion first = WilsonProportion(56, 70);
  const Proportion second = WilsonProportion(48, 80);
  ASSERT_LT(first.ci_low, second.ci_high);
  const ProportionDifference d = NewcombeDifference(first, second);
  EXPECT_NEAR(d.value, 0.2, 1e-12);
  EXPECT_TRUE(d.significant);
}

TEST(NewcombeDifference, IntervalSpanningZeroIsNotSignificant) {
  const ProportionDifference d = NewcombeDifference(WilsonProportion(5, 56), WilsonProportion(0, 29));
  EXPECT_FALSE(d.significant);
}

TEST(NewcombeDifference, UndefinedProportionGivesNaNAndNotSignificant) {
  const ProportionDifference d = NewcombeDifference(WilsonProportion(3, 0), WilsonProportion(5, 10));
  EXPECT_TRUE(std::isnan(d.value));
  EXPECT_TRUE(std::isnan(d.ci_low));
  EXPECT_FALSE(d.significant);
}

// Issue 17's real case: 19/162 = 11.7% then 21/169 = 12.4%, shown as 12.5% ->
// 11.8% once counts are rounded to 5. The exact counts went up a little, the
// rounded figures down; neither is a significant change.
TEST(ChangeBetween, Issue17_RoundingReversalIsNoSignificantChange) {
  EXPECT_EQ(ChangeBetween(19, 162, 21, 169), ChangeDirection::kNoSignificantChange);
  EXPECT_EQ(ChangeBetween(20, 160, 20, 170), ChangeDirection::kNoSignificantChange);
}

TEST(ChangeBetween, Issue17_UpAndDownOnlyWhenTheIntervalExcludesZero) {
  EXPECT_EQ(ChangeBetween(100, 1000, 200, 1000), ChangeDirection::kUp);
  EXPECT_EQ(ChangeBetween(200, 1000, 100, 1000), ChangeDirection::kDown);
  EXPECT_EQ(ChangeBetween(0, 0, 3, 10), ChangeDirection::kUndefined);
  EXPECT_EQ(ChangeBetween(11, 10, 3, 10), ChangeDirection::kUndefined);
}

}  // namespace
}  // namespace dxhub::stats
