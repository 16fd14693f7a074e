#include "content_cells.h"

#include <cstdio>

#include "dxhub/aggregator/query.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::digest {
namespace {

std::string Fixed(double v, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

}  // namespace

// The published figure of a cell as a person reads it; "*" when suppressed.
std::string Figure(const Cell& c) {
  if (c.suppressed()) return "*";
  switch (c.kind()) {
    case agg::VALUE_KIND_PROPORTION:
    case agg::VALUE_KIND_TARGET: return FormatShare(c.value());
    case agg::VALUE_KIND_DIFFERENCE_PP: return (c.value() >= 0 ? "+" : "") + Fixed(c.value(), 1) + " pp";
    case agg::VALUE_KIND_COUNT: return std::to_string(c.numerator());
    default: return Fixed(c.value(), 2);
  }
}

std::string Interval(const Cell& c) {
  if (c.suppressed() || c.kind() == agg::VALUE_KIND_COUNT || c.kind() == agg::VALUE_KIND_MEASURE) return "";
  if (c.kind() == agg::VALUE_KIND_PROPORTION) return FormatShare(c.ci_low()) + " to " + FormatShare(c.ci_high());
  if (c.kind() == agg::VALUE_KIND_DIFFERENCE_PP) return Fixed(c.ci_low(), 1) + " to " + Fixed(c.ci_high(), 1) + " pp";
  return Fixed(c.ci_low(), 2) + " to " + Fixed(c.ci_high(), 2);
}

std::string Change(const Cell& c) {
  const std::string words = aggregator::ChangeWords(c.change_since_previous());
  return words.empty() ? "n/a" : words;
}

// The cubes of one reply, oldest census date first (the aggregator sorts them).
std::vector<const Cube*> CubesOf(const IndicatorResponse& r) {
  std::vector<const Cube*> out;
  for (const auto& c : r.cubes()) out.push_back(&c);
  return out;
}

const Cube* Latest(const IndicatorResponse& r) { return r.cubes_size() == 0 ? nullptr : &r.cubes(r.cubes_size() - 1); }

// The district population the aggregator measures gaps against, as its reply says.
const agg::ReferencePopulation* District(const IndicatorResponse& r) {
  return r.has_reference_population() ? &r.reference_population() : nullptr;
}

const Cell* FindCell(const Cube* cube, const std::string& indicator, const std::string& breakdown) {
  if (cube == nullptr) return nullptr;
  for (const auto& c : cube->cells()) {
    if (c.indicator() == indicator && c.breakdown() == breakdown) return &c;
  }
  return nullptr;
}

std::string FigureOf(const Cube* cube, const std::string& indicator, const std::string& breakdown) {
  const Cell* c = FindCell(cube, indicator, breakdown);
  return c == nullptr ? "no data" : Figure(*c);
}

// "10.0% → 12.5% → 11.8%" over the last census dates.
std::string Trend(const IndicatorResponse& r, const std::string& indicator, const std::string& breakdown) {
  const auto cubes = CubesOf(r);
  const size_t from = cubes.size() > kTrendPeriods ? cubes.size() - kTrendPeriods : 0;
  std::string out;
  for (size_t i = from; i < cubes.size(); ++i) {
    if (!out.empty()) out += " → ";
    out += FigureOf(cubes[i], indicator, breakdown);
  }
  return out;
}

}  // namespace dxhub::digest
