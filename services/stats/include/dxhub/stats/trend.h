// Least-squares linear trend of an indicator over time, and whether that trend
// reaches an organisation's target by its due date. Days are any consistent
// day number (e.g. days since 1970-01-01). Pure functions: thread-safe; results
// do not depend on the order of the points.
#pragma once

#include <cstdint>
#include <span>

namespace dxhub::stats {

struct TrendPoint {
  int64_t day = 0;
  double value = 0.0;
};

// value ≈ mean_value + slope_per_day × (day − mean_day). Kept about the means
// rather than as an intercept at day 0, which loses precision far from day 0.
struct LinearTrend {
  bool defined = false;  // at least two distinct days with finite values
  int64_t points = 0;    // finite points used
  double slope_per_day = 0.0;
  double mean_day = 0.0;
  double mean_value = 0.0;
};

// Ordinary least squares over the points with a finite value.
LinearTrend FitLinearTrend(std::span<const TrendPoint> points);

// The fitted value on `day`; NaN when the trend is not defined.
double TrendValueAt(const LinearTrend& trend, int64_t day);

enum class TargetDirection {
  kFromCurrent,  // a target at or above the latest value is "at least", below it "at most"
  kAtLeast,      // e.g. 35% ethnically diverse senior staff
  kAtMost,       // e.g. a disciplinary relative likelihood down to 1.25
};

// Whether the fitted trend is on the target's side by due_day: at least
// target_value for an "at least" target, reached from below, or at most
// target_value for an "at most" target, reached from above. The latest value is
// the mean of the values on the latest day. A trend already past the target
// but heading back through it before due_day does not reach it. False when
// the trend is not defined. Equality allows 1e-9 × max(1, |target|).
bool ReachesTarget(std::span<const TrendPoint> points, double target_value, int64_t due_day,
                   TargetDirection direction = TargetDirection::kFromCurrent);

}  // namespace dxhub::stats
