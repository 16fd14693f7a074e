// Statistical disclosure control for single figures: counts, rates and
// proportions, relative likelihoods, and means or medians. Defaults follow NHS
// Digital practice for sub-national outputs (HES/ECDS method, September 2018).
// Tables with totals are in secondary_suppression.h. Pure functions: thread-safe.
#pragma once

#include <cstdint>

#include "dxhub/stats/cell.h"
#include "dxhub/stats/proportion.h"
#include "dxhub/stats/relative_likelihood.h"

namespace dxhub::stats {

struct DisclosurePolicy {
  // Counts 1 .. min_count_shown - 1 are suppressed; 0 is shown as 0.
  int64_t min_count_shown = 8;
  // Shown counts are rounded to the nearest multiple (halves up); 0 or 1
  // disables rounding.
  int64_t rounding_base = 5;
  // No rate, proportion, mean, median or relative likelihood from fewer
  // individuals than this.
  int64_t min_denominator_for_rate = 8;
  // Secondary suppression (a total shown beside a suppressed cell) is applied
  // when this is on and rounding is off ...
  bool secondary_suppression = true;
  // ... and, when this is also on, even with rounding on (stricter regimes).
  bool secondary_suppression_when_rounded = false;
  // Published rates and relative likelihoods are computed from the published
  // (rounded) counts, as NHS Digital computes percentages, so they reveal no
  // more than the counts. Off: computed from the true counts.
  bool rates_from_rounded_counts = true;
};

// Whether secondary suppression (and the small-complement rule for rates)
// applies under `policy`.
bool SecondarySuppressionApplies(const DisclosurePolicy& policy);

// Whether `count` is a small count that must not be shown (1 .. min - 1).
bool IsSmallCount(int64_t count, const DisclosurePolicy& policy);

// The count as published: rounded, or suppressed as kPrimarySmallCount.
// A negative count is a programming error and aborts.
Cell ProtectCount(int64_t count, const DisclosurePolicy& policy);

// numerator / denominator as published, with its Wilson interval. Suppressed:
//   kRateSmallDenominator  denominator < min_denominator_for_rate;
//   kInputSuppressed       the numerator is a small count (NHS Digital: a
//                          percentage is "*" when its numerator is "*", since
//                          rate × denominator would give the count back);
//   kSecondaryComplement   secondary suppression applies and denominator −
//                          numerator is a small count (with rounding off the
//                          exact rate and denominator reveal the complement).
// Shown: numerator and denominator are the rounded counts.
Protected<Proportion> ProtectProportion(int64_t numerator, int64_t denominator,
                                        const DisclosurePolicy& policy, double z = kZ95);

// A relative likelihood as published: suppressed if either of its two rates
// would be (so if any of its four inputs is suppressed, as DOMAIN.md says);
// shown with the four inputs rounded.
Protected<RelativeLikelihood> ProtectRelativeLikelihood(
    int64_t first_count, int64_t first_total, int64_t second_count, int64_t second_total,
    const DisclosurePolicy& policy, const FourFifthsRange& range = {}, double z = kZ95);

// A mean, median or similar statistic of `individuals` values: suppressed as
// kRateSmallDenominator below min_denominator_for_rate.
Protected<double> ProtectMeasure(double value, int64_t individuals, const DisclosurePolicy& policy);

}  // namespace dxhub::stats
