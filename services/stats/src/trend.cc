#include "dxhub/stats/trend.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace dxhub::stats {

namespace {

// Finite points ordered by day then value, so sums are order-free.
std::vector<TrendPoint> Sorted(std::span<const TrendPoint> points) {
  std::vector<TrendPoint> sorted;
  for (const TrendPoint& p : points) {
    if (std::isfinite(p.value)) sorted.push_back(p);
  }
  std::sort(sorted.begin(), sorted.end(), [](const TrendPoint& x, const TrendPoint& y) {
    return x.day != y.day ? x.day < y.day : x.value < y.value;
  });
  return sorted;
}

double LatestValue(const std::vector<TrendPoint>& sorted) {
  const int64_t latest_day = sorted.back().day;
  double sum = 0.0;
  int count = 0;
  for (const TrendPoint& p : sorted) {
    if (p.day == latest_day) {
      sum += p.value;
      ++count;
    }
  }
  return sum / count;
}

}  // namespace

LinearTrend FitLinearTrend(std::span<const TrendPoint> points) {
  const std::vector<TrendPoint> sorted = Sorted(points);
  LinearTrend trend;
  trend.points = static_cast<int64_t>(sorted.size());
  if (sorted.size() < 2 || sorted.front().day == sorted.back().day) return trend;

  const double n = static_cast<double>(sorted.size());
  double day_sum = 0.0;
  double value_sum = 0.0;
  for (const TrendPoint& p : sorted) {
    day_sum += static_cast<double>(p.day);
    value_sum += p.value;
  }
  trend.mean_day = day_sum / n;
  trend.mean_value = value_sum / n;
  double sxy = 0.0;
  double sxx = 0.0;
  for (const TrendPoint& p : sorted) {
    const double dx = static_cast<double>(p.day) - trend.mean_day;
    sxy += dx * (p.value - trend.mean_value);
    sxx += dx * dx;
  }
  trend.slope_per_day = sxy / sxx;
  trend.defined = true;
  return trend;
}

double TrendValueAt(const LinearTrend& trend, int64_t day) {
  if (!trend.defined) return std::numeric_limits<double>::quiet_NaN();
  return trend.mean_value + trend.slope_per_day * (static_cast<double>(day) - trend.mean_day);
}

bool ReachesTarget(std::span<const TrendPoint> points, double target_value, int64_t due_day,
                   TargetDirection direction) {
  const LinearTrend trend = FitLinearTrend(points);
  if (!trend.defined || !std::isfinite(target_value)) return false;
  if (direction == TargetDirection::kFromCurrent) {
    direction = target_value >= LatestValue(Sorted(points)) ? TargetDirection::kAtLeast
                                                            : TargetDirection::kAtMost;
  }
  const double at_due = TrendValueAt(trend, due_day);
  const double tolerance = 1e-9 * std::max(1.0, std::abs(target_value));
  return direction == TargetDirection::kAtLeast ? at_due >= target_value - tolerance
                                                : at_due <= target_value + tolerance;
}

}  // namespace dxhub::stats
