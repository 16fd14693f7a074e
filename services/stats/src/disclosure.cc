#include "dxhub/stats/disclosure.h"

#include <optional>

namespace dxhub::stats {

namespace {

int64_t RoundToBase(int64_t count, int64_t base) {
  if (base <= 1) return count;
  return (count + base / 2) / base * base;
}

// Why the rate numerator / denominator may not be published, if it may not.
std::optional<SuppressionReason> RateSuppression(int64_t numerator, int64_t denominator,
                                                 const DisclosurePolicy& policy) {
  if (denominator < policy.min_denominator_for_rate) return SuppressionReason::kRateSmallDenominator;
  if (numerator < 0 || numerator > denominator) DieOnMisuse("rate numerator outside 0..denominator");
  if (IsSmallCount(numerator, policy) || IsSmallCount(denominator, policy)) {
    return SuppressionReason::kInputSuppressed;
  }
  if (SecondarySuppressionApplies(policy) && IsSmallCount(denominator - numerator, policy)) {
    return SuppressionReason::kSecondaryComplement;
  }
  return std::nullopt;
}

}  // namespace

bool SecondarySuppressionApplies(const DisclosurePolicy& policy) {
  const bool rounding_on = policy.rounding_base > 1;
  return policy.secondary_suppression && (!rounding_on || policy.secondary_suppression_when_rounded);
}

bool IsSmallCount(int64_t count, const DisclosurePolicy& policy) {
  return count > 0 && count < policy.min_count_shown;
}

Cell ProtectCount(int64_t count, const DisclosurePolicy& policy) {
  if (count < 0) DieOnMisuse("ProtectCount of a negative count");
  if (IsSmallCount(count, policy)) return Cell::Suppressed(SuppressionReason::kPrimarySmallCount);
  return Cell::Shown(RoundToBase(count, policy.rounding_base));
}

Protected<Proportion> ProtectProportion(int64_t numerator, int64_t denominator,
                                        const DisclosurePolicy& policy, double z) {
  if (auto reason = RateSuppression(numerator, denominator, policy)) {
    return Protected<Proportion>::Suppressed(*reason);
  }
  const int64_t shown_numerator = RoundToBase(numerator, policy.rounding_base);
  const int64_t shown_denominator = RoundToBase(denominator, policy.rounding_base);
  Proportion p = policy.rates_from_rounded_counts
                     ? WilsonProportion(shown_numerator, shown_denominator, z)
                     : WilsonProportion(numerator, denominator, z);
  p.numerator = shown_numerator;
  p.denominator = shown_denominator;
  return Protected<Proportion>::Shown(p);
}

Protected<RelativeLikelihood> ProtectRelativeLikelihood(
    int64_t first_count, int64_t first_total, int64_t second_count, int64_t second_total,
    const DisclosurePolicy& policy, const FourFifthsRange& range, double z) {
  auto reason = RateSuppression(first_count, first_total, policy);
  if (!reason) reason = RateSuppression(second_count, second_total, policy);
  if (reason) return Protected<RelativeLikelihood>::Suppressed(*reason);

  const int64_t base = policy.rounding_base;
  const int64_t a = RoundToBase(first_count, base);
  const int64_t n1 = RoundToBase(first_total, base);
  const int64_t b = RoundToBase(second_count, base);
  const int64_t n2 = RoundToBase(second_total, base);
  RelativeLikelihood r =
      policy.rates_from_rounded_counts
          ? ComputeRelativeLikelihood(a, n1, b, n2, range, z)
          : ComputeRelativeLikelihood(first_count, first_total, second_count, second_total, range, z);
  r.first_count = a;
  r.first_total = n1;
  r.second_count = b;
  r.second_total = n2;
  return Protected<RelativeLikelihood>::Shown(r);
}

Protected<double> ProtectMeasure(double value, int64_t individuals, const DisclosurePolicy& policy) {
  if (individuals < policy.min_denominator_for_rate) {
    return Protected<double>::Suppressed(SuppressionReason::kRateSmallDenominator);
  }
  return Protected<double>::Shown(value);
}

}  // namespace dxhub::stats
