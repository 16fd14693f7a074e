// The "top 5% of earners" rule (former BVPI 11a/b/c), used by councils to
// define senior staff, by connectors for pay-percentile grade mapping and by
// the aggregator for the diversity of the top 5%. Pure functions: thread-safe;
// the result does not depend on the order of the input.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace dxhub::stats {

struct EarnerInput {
  size_t index = 0;         // the caller's own reference, returned as given
  double fte = 0.0;         // full-time equivalent, e.g. 0.6 for three days a week
  double hourly_pay = 0.0;  // FTE-equivalent pay; any consistent unit
};

// Ranks staff by hourly_pay, highest first, and counts down from the top,
// adding each person's FTE, until the FTE taken reaches `share` of the total
// FTE; everyone paid exactly the boundary rate is included, so the selection
// can exceed the share. The person who crosses the share is included: with any
// staff at all, the top earner is always selected. Reaching the share exactly
// (within 1e-9 of total FTE, to absorb rounding in sums of FTE) stops the count.
// Entries with fte <= 0 or a non-finite fte or pay carry no weight and are
// never selected. share <= 0 (or NaN) selects no one; share >= 1 everyone.
// Returns the selected `index` values in ascending order.
std::vector<size_t> TopEarners(std::span<const EarnerInput> staff, double share = 0.05);
// The same of staff already ranked as TopEarners ranks them: only entries it
// counts (fte > 0, finite fte and pay), highest pay first, then by index. For
// a caller that ranks its staff once for several figures.
std::vector<size_t> TopEarnersOfRanked(std::span<const EarnerInput> ranked, double share = 0.05);

// FTE of the members for which in_group(member.index) holds, over the FTE of
// all members; NaN when the members' FTE is 0. Entries TopEarners would ignore
// (no FTE, non-finite FTE or pay) are ignored here too. With the members restricted to
// the TopEarners selection this is e.g. the FTE-weighted BME share of the top 5%.
double FteWeightedShare(std::span<const EarnerInput> members,
                        const std::function<bool(size_t index)>& in_group);

}  // namespace dxhub::stats
