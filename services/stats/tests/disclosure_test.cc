#include "dxhub/stats/disclosure.h"

#include <gtest/gtest.h>

#include <optional>
#include <utility>

#include "cell_printer.h"

namespace dxhub::stats {
namespace {

const DisclosurePolicy kDefault{};

// The reason a cell is withheld, or nullopt when it is shown.
template <typename T>
std::optional<SuppressionReason> ReasonOf(const Protected<T>& cell) {
  if (cell.shown()) return std::nullopt;
  return cell.reason();
}

using Counts = std::pair<int64_t, int64_t>;

// The published numerator and denominator, or nullopt when suppressed.
std::optional<Counts> PublishedCounts(const Protected<Proportion>& cell) {
  if (cell.suppressed()) return std::nullopt;
  return std::pair(cell.value().numerator, cell.value().denominator);
}

DisclosurePolicy Unrounded() {
  DisclosurePolicy p;
  p.rounding_base = 0;
  return p;
}

TEST(ProtectCount, CountsOneToSevenAreSuppressed) {
  for (int64_t count : {1, 2, 7}) {
    const Cell cell = ProtectCount(count, kDefault);
    ASSERT_TRUE(cell.suppressed()) << count;
    EXPECT_EQ(cell.reason(), SuppressionReason::kPrimarySmallCount);
  }
}

TEST(ProtectCount, ZeroStaysZero) { EXPECT_EQ(ProtectCount(0, kDefault), Cell::Shown(0)); }

TEST(ProtectCount, CountsFromEightAreRoundedToNearestFive) {
  EXPECT_EQ(ProtectCount(8, kDefault), Cell::Shown(10));
  EXPECT_EQ(ProtectCount(12, kDefault), Cell::Shown(10));
  EXPECT_EQ(ProtectCount(13, kDefault), Cell::Shown(15));
  EXPECT_EQ(ProtectCount(1002, kDefault), Cell::Shown(1000));
  EXPECT_EQ(ProtectCount(1003, kDefault), Cell::Shown(1005));
}

TEST(ProtectCount, RoundingBaseZeroShowsExactCounts) {
  EXPECT_EQ(ProtectCount(8, Unrounded()), Cell::Shown(8));
  EXPECT_EQ(ProtectCount(13, Unrounded()), Cell::Shown(13));
}

TEST(ProtectCount, EvenRoundingBaseRoundsHalvesUp) {
  DisclosurePolicy p;
  p.rounding_base = 10;
  EXPECT_EQ(ProtectCount(14, p), Cell::Shown(10));
  EXPECT_EQ(ProtectCount(15, p), Cell::Shown(20));
}

TEST(ProtectCount, ThresholdOfTenForOtherRegimes) {
  DisclosurePolicy p;
  p.min_count_shown = 10;
  EXPECT_TRUE(ProtectCount(9, p).suppressed());
  EXPECT_EQ(ProtectCount(10, p), Cell::Shown(10));
}

TEST(ProtectCount, SuppressedCellCarriesNoTraceOfTheTrueValue) {
  // Cells are compared on their whole state: a hidden 1 and a hidden 7 are equal.
  EXPECT_EQ(ProtectCount(1, kDefault), ProtectCount(7, kDefault));
  EXPECT_EQ(ProtectCount(3, kDefault), Cell::Suppressed(SuppressionReason::kPrimarySmallCount));
}

TEST(ProtectCountDeathTest, ReadingValueOfSuppressedCellAborts) {
  const Cell cell = ProtectCount(3, kDefault);
  EXPECT_DEATH((void)cell.value(), "suppressed cell");
}

TEST(ProtectCountDeathTest, NegativeCountAborts) {
  EXPECT_DEATH((void)ProtectCount(-1, kDefault), "negative count");
}

TEST(ProtectProportion, RateFromSevenPeopleIsSuppressed) {
  EXPECT_EQ(ReasonOf(ProtectProportion(0, 7, kDefault)), SuppressionReason::kRateSmallDenominator);
  EXPECT_EQ(ReasonOf(ProtectProportion(0, 0, kDefault)), SuppressionReason::kRateSmallDenominator);
}

TEST(ProtectProportion, RateFromEightPeopleIsShown) {
  // 0 of 8: counts published as 0 and 10, rate 0/10 = 0.
  const auto cell = ProtectProportion(0, 8, kDefault);
  ASSERT_EQ(PublishedCounts(cell), Counts(0, 10));
  EXPECT_EQ(cell.value().value, 0.0);
}

TEST(ProtectProportion, RateWithSuppressedNumeratorIsSuppressed) {
  // 3 of 200 would print as 1.5% beside a denominator of 200: the 3 is back.
  EXPECT_EQ(ReasonOf(ProtectProportion(3, 200, kDefault)), SuppressionReason::kInputSuppressed);
}

TEST(ProtectProportion, RateIsComputedFromRoundedCounts) {
  // 12 of 98 publishes as 10 of 100 = 0.10, Wilson(10, 100) = [0.0552, 0.1744].
  const auto cell = ProtectProportion(12, 98, kDefault);
  ASSERT_EQ(PublishedCounts(cell), Counts(10, 100));
  EXPECT_DOUBLE_EQ(cell.value().value, 0.10);
  EXPECT_NEAR(cell.value().ci_low, 0.0552, 5e-5);
  EXPECT_NEAR(cell.value().ci_high, 0.1744, 5e-5);
}

TEST(ProtectProportion, RateFromTrueCountsWhenConfigured) {
  DisclosurePolicy p;
  p.rates_from_rounded_counts = false;
  const auto cell = ProtectProportion(12, 98, p);
  ASSERT_EQ(PublishedCounts(cell), Counts(10, 100));  // still rounded
  EXPECT_DOUBLE_EQ(cell.value().value, 12.0 / 98.0);
}

TEST(ProtectProportion, SmallComplementIsHiddenOnlyWhenRoundingIsOff) {
  // 197 of 200: with exact counts, 200 − 197 = 3 is revealed.
  EXPECT_EQ(ReasonOf(ProtectProportion(197, 200, Unrounded())), SuppressionReason::kSecondaryComplement);
  // Rounded, it publishes as 195 of 200: the complement is known only to ±5.
  EXPECT_EQ(PublishedCounts(ProtectProportion(197, 200, kDefault)), Counts(195, 200));
  // The whole group (complement 0) is fine either way.
  EXPECT_TRUE(ProtectProportion(200, 200, Unrounded()).shown());
}

TEST(SecondarySuppressionApplies, OnlyWhenRoundingIsOffUnlessForced) {
  EXPECT_FALSE(SecondarySuppressionApplies(kDefault));
  EXPECT_TRUE(SecondarySuppressionApplies(Unrounded()));
  DisclosurePolicy forced;
  forced.secondary_suppression_when_rounded = true;
  EXPECT_TRUE(SecondarySuppressionApplies(forced));
  DisclosurePolicy off = Unrounded();
  off.secondary_suppression = false;
  EXPECT_FALSE(SecondarySuppressionApplies(off));
}

TEST(ProtectRelativeLikelihood, SuppressedIfAnyOfItsFourInputsIs) {
  EXPECT_EQ(ReasonOf(ProtectRelativeLikelihood(3, 100, 20, 100, kDefault)), SuppressionReason::kInputSuppressed);
  EXPECT_EQ(ReasonOf(ProtectRelativeLikelihood(0, 7, 20, 100, kDefault)), SuppressionReason::kRateSmallDenominator);
  EXPECT_EQ(ReasonOf(ProtectRelativeLikelihood(20, 100, 5, 100, kDefault)), SuppressionReason::kInputSuppressed);
  EXPECT_EQ(ReasonOf(ProtectRelativeLikelihood(20, 100, 0, 6, kDefault)), SuppressionReason::kRateSmallDenominator);
  EXPECT_TRUE(ProtectRelativeLikelihood(20, 100, 10, 100, kDefault).shown());
}

TEST(ProtectRelativeLikelihood, Indicator3WorkedCheckIsPublishedFromRoundedCounts) {
  // 9/750 over 17/2430 = 1.715 unprotected; published counts are 10, 750, 15,
  // 2430, so the published value is (10/750) / (15/2430) = 24300/11250 = 2.16.
  const auto cell = ProtectRelativeLikelihood(9, 750, 17, 2430, kDefault);
  ASSERT_TRUE(cell.shown());
  EXPECT_EQ(cell.value().first_count, 10);
  EXPECT_EQ(cell.value().second_count, 15);
  EXPECT_DOUBLE_EQ(cell.value().value, 2.16);
  EXPECT_FALSE(cell.value().significant);

  DisclosurePolicy true_counts;
  true_counts.rates_from_rounded_counts = false;
  const auto exact = ProtectRelativeLikelihood(9, 750, 17, 2430, true_counts);
  EXPECT_NEAR(exact.value().value, 1.71529, 5e-6);
  EXPECT_EQ(exact.value().first_count, 10);
}

TEST(ProtectMeasure, MeanFromSevenPeopleIsSuppressed) {
  EXPECT_EQ(ReasonOf(ProtectMeasure(25.0, 7, kDefault)), SuppressionReason::kRateSmallDenominator);
  EXPECT_EQ(ProtectMeasure(25.0, 8, kDefault), Protected<double>::Shown(25.0));
}

}  // namespace
}  // namespace dxhub::stats
