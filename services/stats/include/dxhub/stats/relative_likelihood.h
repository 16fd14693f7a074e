// Relative likelihood (risk ratio) of an outcome for a first group compared
// with a second, with a 95% interval by the Katz log method and the NHS WRES
// four-fifths classification. Pure functions: thread-safe, deterministic.
#pragma once

#include <cstdint>

#include "dxhub/stats/proportion.h"

namespace dxhub::stats {

// The non-adverse range of the four-fifths rule, inclusive at both ends:
// 0.80 = 4/5 and 1.25 = 5/4 are symmetric on a log scale.
struct FourFifthsRange {
  double low = 0.80;
  double high = 1.25;
};

// (a / n1) / (b / n2), where a = first_count, n1 = first_total,
// b = second_count, n2 = second_total.
//
// WRES orientation: a value above 1.00 is always adverse to BME staff, so the
// caller passes the groups in this order:
//   indicator 2 (appointed from shortlisting): first = White appointed /
//     White shortlisted, second = BME appointed / BME shortlisted;
//   indicator 3 (entering formal disciplinary): first = BME entering /
//     BME headcount, second = White entering / White headcount;
//   indicator 4 (non-mandatory training): first = White accessing /
//     White headcount, second = BME accessing / BME headcount.
// The same holds for WDES with non-disabled / Disabled in place of White / BME.
struct RelativeLikelihood {
  int64_t first_count = 0;
  int64_t first_total = 0;
  int64_t second_count = 0;
  int64_t second_total = 0;
  double value = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
  // value outside [range.low, range.high]. Above high is adverse to the group
  // the WRES orientation protects (BME staff); below low, to the other group.
  bool adverse = false;
  // The interval excludes 1.0.
  bool significant = false;
};

// Katz et al. (1978): ln(RR) ± z·se, se = sqrt(1/a − 1/n1 + 1/b − 1/n2).
//
// Zeros: the log interval needs a > 0 and b > 0. With a = 0 (b > 0) the value
// is 0, with b = 0 (a > 0) it is +infinity; both are classified against the
// range (so adverse) but carry a NaN interval and significant = false. With
// a = b = 0, or n1 or n2 = 0, or invalid counts (negative, count > total),
// the value is NaN, adverse = false and significant = false.
RelativeLikelihood ComputeRelativeLikelihood(int64_t first_count, int64_t first_total,
                                             int64_t second_count, int64_t second_total,
                                             const FourFifthsRange& range = {},
                                             double z = kZ95);

}  // namespace dxhub::stats
