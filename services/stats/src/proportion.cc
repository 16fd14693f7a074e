#include "dxhub/stats/proportion.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dxhub::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

Proportion WilsonProportion(int64_t num, int64_t den, double z) {
  Proportion p{num, den, kNaN, kNaN, kNaN};
  if (den <= 0 || num < 0 || num > den) return p;

  const double n = static_cast<double>(den);
  const double phat = static_cast<double>(num) / n;
  const double z2 = z * z;
  const double scale = 1.0 + z2 / n;
  const double centre = (phat + z2 / (2.0 * n)) / scale;
  const double half = z / scale * std::sqrt(phat * (1.0 - phat) / n + z2 / (4.0 * n * n));

  p.value = phat;
  // At 0 and n the bound is exactly 0 or 1; say so rather than trust rounding.
  p.ci_low = num == 0 ? 0.0 : std::max(0.0, centre - half);
  p.ci_high = num == den ? 1.0 : std::min(1.0, centre + half);
  return p;
}

ProportionDifference NewcombeDifference(const Proportion& first, const Proportion& second) {
  ProportionDifference d{kNaN, kNaN, kNaN, false};
  if (std::isnan(first.value) || std::isnan(second.value)) return d;

  const double p1 = first.value;
  const double p2 = second.value;
  d.value = p1 - p2;
  d.ci_low = d.value - std::hypot(p1 - first.ci_low, second.ci_high - p2);
  d.ci_high = d.value + std::hypot(first.ci_high - p1, p2 - second.ci_low);
  d.significant = d.ci_low > 0.0 || d.ci_high < 0.0;
  return d;
}

ChangeDirection ChangeBetween(int64_t earlier_num, int64_t earlier_den, int64_t later_num, int64_t later_den) {
  const ProportionDifference d =
      NewcombeDifference(WilsonProportion(later_num, later_den), WilsonProportion(earlier_num, earlier_den));
  if (std::isnan(d.value)) return ChangeDirection::kUndefined;
  if (!d.significant) return ChangeDirection::kNoSignificantChange;
  return d.value > 0 ? ChangeDirection::kUp : ChangeDirection::kDown;
}

}  // namespace dxhub::stats
