// Private to the digest library: how the content's sections read the
// aggregator's replies (find a cell, its published figure, interval and trend
// words) and the sections built in files of their own. Formatting only: no
// figure is computed here. Pure functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dxhub/digest/content.h"

namespace dxhub::digest {

using dxhub::aggregator::v1::Cell;
using dxhub::aggregator::v1::Cube;
using dxhub::aggregator::v1::IndicatorResponse;
namespace agg = dxhub::aggregator::v1;
using Names = std::map<std::string, std::string>;  // org id -> display name

inline constexpr int kTrendPeriods = 4;  // census dates shown in a trend's words
inline constexpr int kChartPeriods = 8;  // census dates shown in the trend chart

// The published figure of a cell as a person reads it; "*" when suppressed.
std::string Figure(const Cell& c);
// Its 95% interval in the figure's unit; "" when it has none.
std::string Interval(const Cell& c);
// The aggregator's change since the previous census date in words; "n/a" when none.
std::string Change(const Cell& c);
// The cubes of one reply, oldest census date first (the aggregator sorts them).
std::vector<const Cube*> CubesOf(const IndicatorResponse& r);
const Cube* Latest(const IndicatorResponse& r);
// The district population the aggregator measures gaps against, as its reply says; nullptr if it does not.
const agg::ReferencePopulation* District(const IndicatorResponse& r);
const Cell* FindCell(const Cube* cube, const std::string& indicator, const std::string& breakdown);
// Figure() of the cell, or "no data".
std::string FigureOf(const Cube* cube, const std::string& indicator, const std::string& breakdown);
// "10.0% → 12.5% → 11.8%" over the last kTrendPeriods census dates.
std::string Trend(const IndicatorResponse& r, const std::string& indicator, const std::string& breakdown);

// Calls `fn` on each cell of the reply's latest cube.
template <typename Fn>
void ForLatestCells(const IndicatorResponse& reply, Fn fn) {
  const Cube* latest = Latest(reply);
  if (latest == nullptr) return;
  for (const auto& c : latest->cells()) fn(c);
}

// "Senior representation by partner" (content_partners.cc): per partner the
// senior share, its change and trend, the workforce share, the district
// population and the gap to it; a bar chart and a trend chart.
Section PartnersSection(const DigestSources& s, const Names& names);

}  // namespace dxhub::digest
