// Pay quartiles by group and mean / median hourly pay gaps, as in UK gender
// pay gap reporting (Equality Act 2010 (Gender Pay Gap Information)
// Regulations 2017) and the 2023 ethnicity pay gap guidance. Pure functions:
// thread-safe; results do not depend on the order of the input.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>

namespace dxhub::stats {

struct PayInput {
  double hourly_pay = 0.0;
  int group = 0;  // the caller's group code, e.g. an ethnicity enum value
};

enum class PayQuartile { kLower = 0, kLowerMiddle = 1, kUpperMiddle = 2, kUpper = 3 };

struct PayQuartiles {
  std::array<int64_t, 4> sizes{};                    // people per quartile
  std::array<std::map<int, int64_t>, 4> by_group{};  // people per quartile per group

  int64_t Size(PayQuartile q) const;
  int64_t Count(PayQuartile q, int group) const;  // 0 for a group not present
};

// Ranks staff by hourly pay, lowest first, and splits them into four sections
// of equal size as far as possible; the N mod 4 extra people go one each to
// the lower, then lower-middle, then upper-middle quartile (the regulations
// leave this open). Ties: where people on the same rate straddle a boundary,
// regulation 13(2) asks that each group's share of that rate be the same on
// both sides as far as possible, so within a run of equal pay each group's
// members are spread evenly through the run (the k-th of a group's m members
// sits at (k + 0.5) / m of it). Entries with a non-finite pay are ignored.
PayQuartiles ComputePayQuartiles(std::span<const PayInput> staff);
// The same of staff already ranked: every pay finite, ascending (any order
// within a rate). For a caller that ranks its staff once for several figures.
PayQuartiles ComputePayQuartilesOfRanked(std::span<const PayInput> ascending);

// Arithmetic mean of the finite values; NaN when there are none.
double Mean(std::span<const double> values);
// Middle finite value, or the mean of the two middle ones; NaN when there are none.
double Median(std::span<const double> values);

// (reference - group) / reference × 100: positive when the group is paid less.
// NaN when reference is 0 or either argument is NaN.
double PayGapPercent(double reference_pay, double group_pay);

struct PayGap {
  int64_t reference_count = 0;  // finite pay values counted
  int64_t group_count = 0;
  double mean_gap_percent = 0.0;
  double median_gap_percent = 0.0;
};

// Mean and median hourly pay gap of `group_pay` against `reference_pay`. The
// reference group and a minimum group size are the caller's configuration
// (DOMAIN.md defaults: White British, 10; apply with ProtectMeasure or by
// combining small groups).
PayGap ComputePayGap(std::span<const double> reference_pay, std::span<const double> group_pay);
// The same of pays already finite and ascending (no copy, no sort).
PayGap ComputePayGapOfSorted(std::span<const double> reference_ascending, std::span<const double> group_ascending);

}  // namespace dxhub::stats
