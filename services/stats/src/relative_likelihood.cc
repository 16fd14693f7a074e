#include "dxhub/stats/relative_likelihood.h"

#include <cmath>
#include <limits>

namespace dxhub::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool ValidRate(int64_t count, int64_t total) { return total > 0 && count >= 0 && count <= total; }

}  // namespace

RelativeLikelihood ComputeRelativeLikelihood(int64_t first_count, int64_t first_total,
                                             int64_t second_count, int64_t second_total,
                                             const FourFifthsRange& range, double z) {
  RelativeLikelihood r{first_count, first_total, second_count, second_total,
                       kNaN, kNaN, kNaN, false, false};
  if (!ValidRate(first_count, first_total) || !ValidRate(second_count, second_total)) return r;
  if (first_count == 0 && second_count == 0) return r;

  const double a = static_cast<double>(first_count);
  const double n1 = static_cast<double>(first_total);
  const double b = static_cast<double>(second_count);
  const double n2 = static_cast<double>(second_total);
  // One division of exact products, so 4/10 over 5/10 is exactly 0.80.
  r.value = b == 0.0 ? std::numeric_limits<double>::infinity() : (a * n2) / (b * n1);
  r.adverse = r.value < range.low || r.value > range.high;
  if (first_count == 0 || second_count == 0) return r;

  const double se = std::sqrt(1.0 / a - 1.0 / n1 + 1.0 / b - 1.0 / n2);
  const double log_value = std::log(r.value);
  r.ci_low = std::exp(log_value - z * se);
  r.ci_high = std::exp(log_value + z * se);
  r.significant = r.ci_low > 1.0 || r.ci_high < 1.0;
  return r;
}

}  // namespace dxhub::stats
