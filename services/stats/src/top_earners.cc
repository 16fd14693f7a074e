#include "dxhub/stats/top_earners.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dxhub::stats {

namespace {

bool Counts(const EarnerInput& e) {
  return std::isfinite(e.fte) && e.fte > 0.0 && std::isfinite(e.hourly_pay);
}

// Valid entries, highest pay first, then by index, so sums are order-free.
std::vector<EarnerInput> Ranked(std::span<const EarnerInput> staff) {
  std::vector<EarnerInput> ranked;
  for (const EarnerInput& e : staff) {
    if (Counts(e)) ranked.push_back(e);
  }
  std::sort(ranked.begin(), ranked.end(), [](const EarnerInput& x, const EarnerInput& y) {
    if (x.hourly_pay != y.hourly_pay) return x.hourly_pay > y.hourly_pay;
    if (x.index != y.index) return x.index < y.index;
    return x.fte < y.fte;
  });
  return ranked;
}

}  // namespace

std::vector<size_t> TopEarners(std::span<const EarnerInput> staff, double share) {
  if (!(share > 0.0)) return {};
  return TopEarnersOfRanked(Ranked(staff), share);
}

std::vector<size_t> TopEarnersOfRanked(std::span<const EarnerInput> ranked, double share) {
  std::vector<size_t> selected;
  if (!(share > 0.0)) return selected;

  double total_fte = 0.0;
  for (const EarnerInput& e : ranked) total_fte += e.fte;
  const double target = std::min(share, 1.0) * total_fte;
  const double tolerance = 1e-9 * total_fte;

  double taken = 0.0;
  for (size_t i = 0; i < ranked.size() && taken + tolerance < target;) {
    // Take the whole group paid ranked[i].hourly_pay.
    const double pay = ranked[i].hourly_pay;
    for (; i < ranked.size() && ranked[i].hourly_pay == pay; ++i) {
      taken += ranked[i].fte;
      selected.push_back(ranked[i].index);
    }
  }
  std::sort(selected.begin(), selected.end());
  return selected;
}

double FteWeightedShare(std::span<const EarnerInput> members,
                        const std::function<bool(size_t index)>& in_group) {
  double total = 0.0;
  double in = 0.0;
  for (const EarnerInput& e : Ranked(members)) {
    total += e.fte;
    if (in_group(e.index)) in += e.fte;
  }
  if (total == 0.0) return std::numeric_limits<double>::quiet_NaN();
  return in / total;
}

}  // namespace dxhub::stats
