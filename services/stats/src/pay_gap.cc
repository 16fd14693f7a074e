#include "dxhub/stats/pay.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace dxhub::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The finite values, ascending.
std::vector<double> Sorted(std::span<const double> values) {
  std::vector<double> sorted;
  for (double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// Of finite values already ascending: the mean summed in that order (so it
// does not depend on input order), and the median.
double MeanOfSorted(std::span<const double> sorted) {
  if (sorted.empty()) return kNaN;
  double sum = 0.0;
  for (double v : sorted) sum += v;
  return sum / static_cast<double>(sorted.size());
}

double MedianOfSorted(std::span<const double> sorted) {
  if (sorted.empty()) return kNaN;
  const size_t mid = sorted.size() / 2;
  if (sorted.size() % 2 == 1) return sorted[mid];
  return (sorted[mid - 1] + sorted[mid]) / 2.0;
}

}  // namespace

double Mean(std::span<const double> values) { return MeanOfSorted(Sorted(values)); }

double Median(std::span<const double> values) { return MedianOfSorted(Sorted(values)); }

double PayGapPercent(double reference_pay, double group_pay) {
  if (reference_pay == 0.0 || std::isnan(reference_pay) || std::isnan(group_pay)) return kNaN;
  return (reference_pay - group_pay) / reference_pay * 100.0;
}

PayGap ComputePayGap(std::span<const double> reference_pay, std::span<const double> group_pay) {
  // Each side sorted once (it was sorted three times: for its count, mean and median).
  return ComputePayGapOfSorted(Sorted(reference_pay), Sorted(group_pay));
}

PayGap ComputePayGapOfSorted(std::span<const double> reference, std::span<const double> group) {
  return PayGap{
      static_cast<int64_t>(reference.size()),
      static_cast<int64_t>(group.size()),
      PayGapPercent(MeanOfSorted(reference), MeanOfSorted(group)),
      PayGapPercent(MedianOfSorted(reference), MedianOfSorted(group)),
  };
}

}  // namespace dxhub::stats
