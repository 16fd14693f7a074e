// A proportion with its Wilson score interval, and the Newcombe hybrid score
// interval for the difference between two independent proportions (the test
// used to call two rates "significantly different").
// Pure functions over plain values: thread-safe, deterministic.
#pragma once

#include <cstdint>

namespace dxhub::stats {

// Two-sided 95% standard normal quantile, Φ⁻¹(0.975).
inline constexpr double kZ95 = 1.959963984540054;

// numerator / denominator with a confidence interval on the 0..1 scale.
// value, ci_low and ci_high are NaN when the denominator is 0 or the counts are
// invalid (negative, or numerator > denominator).
struct Proportion {
  int64_t numerator = 0;
  int64_t denominator = 0;
  double value = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
};

// Wilson (1927) score interval; z = 1.96 gives a 95% interval. Unlike the
// normal ("Wald") interval it stays inside [0, 1] and behaves at 0 and n.
Proportion WilsonProportion(int64_t num, int64_t den, double z = kZ95);

// first.value - second.value with its confidence interval.
struct ProportionDifference {
  double value = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
  bool significant = false;  // the interval excludes 0
};

// Newcombe (1998) hybrid score interval ("method 10") for p1 - p2, built from
// the two Wilson intervals already in `first` and `second`, so both must have
// been computed at the same z. Non-overlapping single intervals would be too
// strict a test; this interval has close to nominal coverage even for small
// counts. Either proportion undefined: NaN interval, not significant.
ProportionDifference NewcombeDifference(const Proportion& first, const Proportion& second);

// Direction of a proportion's change between two dates, decided on the exact
// counts by the Newcombe interval of later - earlier at 95%: up or down only
// when the interval excludes 0. The words a report may use for a trend: never
// derive them from rounded figures, whose order rounding can reverse.
enum class ChangeDirection {
  kUndefined,            // a denominator is 0 or the counts are invalid
  kUp,
  kDown,
  kNoSignificantChange,
};
ChangeDirection ChangeBetween(int64_t earlier_num, int64_t earlier_den, int64_t later_num, int64_t later_den);

}  // namespace dxhub::stats
