#include "dxhub/stats/relative_likelihood.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace dxhub::stats {
namespace {

void ExpectKatz(const RelativeLikelihood& r, double value, double low, double high) {
  EXPECT_NEAR(r.value, value, 5e-6);
  EXPECT_NEAR(r.ci_low, low, 5e-5);
  EXPECT_NEAR(r.ci_high, high, 5e-5);
}

TEST(RelativeLikelihood, WorkedChecksFromPublishedTrustReports) {
  struct Case {
    const char* what;
    int64_t a, n1, b, n2;
    double value, rounded, low, high;
    bool significant;
  };
  const Case cases[] = {
      // Indicator 2, DOMAIN.md: White 46.99% appointed from shortlisting ÷ BME
      // 14.65% = 3.2. (4699/10000) / (1465/10000) = 4699/1465 = 3.20751;
      // se = sqrt(1/4699 − 1/10000 + 1/1465 − 1/10000) = 0.026371;
      // CI = 3.20751 × exp(∓1.95996 × 0.026371) = [3.0459, 3.3776].
      {"indicator 2", 4699, 10000, 1465, 10000, 3.20751, 3.2, 3.0459, 3.3776, true},
      // Indicator 3, DOMAIN.md: BME 1.2% entering disciplinary ÷ White 0.7% =
      // 1.7, on 9 and 17 people: (9/750) / (17/2430) = 0.012 / 0.0069959 = 1.71529;
      // se = sqrt(1/9 − 1/750 + 1/17 − 1/2430) = sqrt(0.168190) = 0.410109;
      // CI = 1.71529 × exp(∓0.803800) = [0.7678, 3.8320]: adverse on the point
      // value, but the interval includes 1, so not significant.
      {"indicator 3", 9, 750, 17, 2430, 1.71529, 1.7, 0.7678, 3.8320, false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const RelativeLikelihood r = ComputeRelativeLikelihood(c.a, c.n1, c.b, c.n2);
    ExpectKatz(r, c.value, c.low, c.high);
    EXPECT_EQ(std::round(r.value * 10) / 10, c.rounded);
    EXPECT_TRUE(r.adverse);
    EXPECT_EQ(r.significant, c.significant);
  }
}

TEST(RelativeLikelihood, KeepsItsFourInputs) {
  const RelativeLikelihood r = ComputeRelativeLikelihood(9, 750, 17, 2430);
  EXPECT_EQ(r.first_count, 9);
  EXPECT_EQ(r.first_total, 750);
  EXPECT_EQ(r.second_count, 17);
  EXPECT_EQ(r.second_total, 2430);
}

TEST(RelativeLikelihood, KatzIntervalMatchesHandComputation) {
  // (20/100) / (10/100) = 2; se = sqrt(1/20 − 1/100 + 1/10 − 1/100) = sqrt(0.13)
  // = 0.360555; CI = 2 × exp(∓0.706675) = [0.9866, 4.0545].
  const RelativeLikelihood r = ComputeRelativeLikelihood(20, 100, 10, 100);
  ExpectKatz(r, 2.0, 0.9866, 4.0545);
  EXPECT_FALSE(r.significant);
}

TEST(RelativeLikelihood, FourFifthsBoundaryValuesAreNoAdverseImpact) {
  // (4/10) / (5/10) = 0.80 and (5/10) / (4/10) = 1.25 exactly: both in range.
  const RelativeLikelihood low = ComputeRelativeLikelihood(4, 10, 5, 10);
  const RelativeLikelihood high = ComputeRelativeLikelihood(5, 10, 4, 10);
  EXPECT_EQ(low.value, 0.80);
  EXPECT_EQ(high.value, 1.25);
  EXPECT_FALSE(low.adverse);
  EXPECT_FALSE(high.adverse);
}

TEST(RelativeLikelihood, JustOutsideFourFifthsIsAdverse) {
  // (7999/10000) / (10000/10000) = 0.7999; (12501/100000) / (10000/100000) = 1.2501.
  const RelativeLikelihood below = ComputeRelativeLikelihood(7999, 10000, 10000, 10000);
  const RelativeLikelihood above = ComputeRelativeLikelihood(12501, 100000, 10000, 100000);
  EXPECT_NEAR(below.value, 0.7999, 1e-12);
  EXPECT_NEAR(above.value, 1.2501, 1e-12);
  EXPECT_TRUE(below.adverse);
  EXPECT_TRUE(above.adverse);
}

TEST(RelativeLikelihood, RangeBoundsAreParameters) {
  const FourFifthsRange narrow{0.90, 1.10};
  EXPECT_TRUE(ComputeRelativeLikelihood(12, 100, 10, 100, narrow).adverse);   // 1.2
  EXPECT_FALSE(ComputeRelativeLikelihood(12, 100, 10, 100).adverse);          // 1.2, default
  EXPECT_FALSE(ComputeRelativeLikelihood(11, 100, 10, 100, narrow).adverse);  // 1.1, at the bound
}

TEST(RelativeLikelihood, EqualRatesAreNeitherAdverseNorSignificant) {
  // (50/100) / (100/200) = 1.
  const RelativeLikelihood r = ComputeRelativeLikelihood(50, 100, 100, 200);
  EXPECT_DOUBLE_EQ(r.value, 1.0);
  EXPECT_FALSE(r.adverse);
  EXPECT_FALSE(r.significant);
  EXPECT_LT(r.ci_low, 1.0);
  EXPECT_GT(r.ci_high, 1.0);
}

TEST(RelativeLikelihood, ZeroCountGivesZeroOrInfinityWithNaNInterval) {
  // The log interval needs both counts above 0: without one, the value is
  // still classified (0 and infinity are outside the range) but never significant.
  const RelativeLikelihood zero = ComputeRelativeLikelihood(0, 500, 10, 1000);
  const RelativeLikelihood infinite = ComputeRelativeLikelihood(10, 1000, 0, 500);
  EXPECT_EQ(zero.value, 0.0);
  EXPECT_EQ(infinite.value, std::numeric_limits<double>::infinity());
  for (const RelativeLikelihood& r : {zero, infinite}) {
    EXPECT_TRUE(std::isnan(r.ci_low));
    EXPECT_TRUE(std::isnan(r.ci_high));
    EXPECT_TRUE(r.adverse);
    EXPECT_FALSE(r.significant);
  }
}

TEST(RelativeLikelihood, BothCountsZeroIsUndefined) {
  const RelativeLikelihood r = ComputeRelativeLikelihood(0, 100, 0, 100);
  EXPECT_TRUE(std::isnan(r.value));
  EXPECT_FALSE(r.adverse);
  EXPECT_FALSE(r.significant);
}

TEST(RelativeLikelihood, EmptyOrInvalidGroupIsUndefined) {
  EXPECT_TRUE(std::isnan(ComputeRelativeLikelihood(0, 0, 5, 100).value));
  EXPECT_TRUE(std::isnan(ComputeRelativeLikelihood(5, 100, 1, 0).value));
  EXPECT_TRUE(std::isnan(ComputeRelativeLikelihood(11, 10, 5, 100).value));
  EXPECT_TRUE(std::isnan(ComputeRelativeLikelihood(-1, 10, 5, 100).value));
  EXPECT_FALSE(ComputeRelativeLikelihood(11, 10, 5, 100).adverse);
}

}  // namespace
}  // namespace dxhub::stats
