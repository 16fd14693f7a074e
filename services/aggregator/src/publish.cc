#include "dxhub/aggregator/publish.h"

#include <algorithm>
#include <cmath>

#include "dxhub/protocol/dates.h"
#include "dxhub/stats/disclosure.h"
#include "dxhub/stats/proportion.h"

namespace dxhub::aggregator {

using v1::ValueKind;

namespace {

v1::FourFifths Classify(double value, const stats::FourFifthsRange& range) {
  if (std::isnan(value)) return v1::FOUR_FIFTHS_UNSPECIFIED;
  if (value > range.high) return v1::FOUR_FIFTHS_ADVERSE_TO_BME;
  if (value < range.low) return v1::FOUR_FIFTHS_ADVERSE_TO_WHITE;
  return v1::FOUR_FIFTHS_NO_ADVERSE_IMPACT;
}

}  // namespace

Cell CellSink::Identity(const std::string& indicator, const std::string& breakdown, ValueKind kind) const {
  Cell c;
  c.set_indicator(indicator);
  c.set_breakdown(breakdown);
  c.set_kind(kind);
  *c.mutable_census_date() = protocol::CivilFromDays(context_.census_day);
  c.set_mapping_version(context_.mapping_version);
  return c;
}

void CellSink::Withheld(const std::string& indicator, const std::string& breakdown, ValueKind kind) {
  Cell c = Identity(indicator, breakdown, kind);
  c.set_suppressed(true);
  cells_.push_back(std::move(c));
}

void CellSink::Count(const std::string& indicator, const std::string& breakdown, const stats::Cell& cell) {
  if (cell.suppressed()) return Withheld(indicator, breakdown, v1::VALUE_KIND_COUNT);
  Cell c = Identity(indicator, breakdown, v1::VALUE_KIND_COUNT);
  c.set_value(static_cast<double>(cell.value()));
  c.set_numerator(cell.value());
  cells_.push_back(std::move(c));
}

void CellSink::Proportion(const std::string& indicator, const std::string& breakdown, int64_t numerator,
                          int64_t denominator) {
  if (numerator < 0 || numerator > denominator) return Withheld(indicator, breakdown, v1::VALUE_KIND_PROPORTION);
  const auto p = stats::ProtectProportion(numerator, denominator, policy());
  if (p.suppressed()) return Withheld(indicator, breakdown, v1::VALUE_KIND_PROPORTION);
  Cell c = Identity(indicator, breakdown, v1::VALUE_KIND_PROPORTION);
  c.set_value(p.value().value);
  c.set_numerator(p.value().numerator);
  c.set_denominator(p.value().denominator);
  c.set_ci_low(p.value().ci_low);
  c.set_ci_high(p.value().ci_high);
  const std::string key = indicator + '\0' + breakdown;
  if (context_.previous != nullptr) {
    if (auto was = context_.previous->find(key); was != context_.previous->end()) {
      switch (stats::ChangeBetween(was->second.first, was->second.second, numerator, denominator)) {
        case stats::ChangeDirection::kUp: c.set_change_since_previous(v1::CHANGE_UP); break;
        case stats::ChangeDirection::kDown: c.set_change_since_previous(v1::CHANGE_DOWN); break;
        case stats::ChangeDirection::kNoSignificantChange:
          c.set_change_since_previous(v1::CHANGE_NO_SIGNIFICANT_CHANGE);
          break;
        case stats::ChangeDirection::kUndefined: break;
      }
    }
  }
  exact_[key] = {numerator, denominator};
  cells_.push_back(std::move(c));
}

void CellSink::RelativeLikelihood(const std::string& indicator, const std::string& breakdown, int64_t a,
                                  int64_t n1, int64_t b, int64_t n2, bool classify) {
  if (a < 0 || b < 0 || a > n1 || b > n2) return Withheld(indicator, breakdown, v1::VALUE_KIND_RELATIVE_LIKELIHOOD);
  const auto r = stats::ProtectRelativeLikelihood(a, n1, b, n2, policy(), settings().four_fifths);
  if (r.suppressed()) return Withheld(indicator, breakdown, v1::VALUE_KIND_RELATIVE_LIKELIHOOD);
  const auto& v = r.value();
  Cell c = Identity(indicator, breakdown, v1::VALUE_KIND_RELATIVE_LIKELIHOOD);
  c.set_value(v.value);
  c.set_numerator(v.first_count);
  c.set_denominator(v.first_total);
  c.set_comparison_numerator(v.second_count);
  c.set_comparison_denominator(v.second_total);
  c.set_ci_low(v.ci_low);
  c.set_ci_high(v.ci_high);
  c.set_significant(v.significant);
  if (classify) c.set_four_fifths(Classify(v.value, settings().four_fifths));
  cells_.push_back(std::move(c));
}

void CellSink::DifferencePp(const std::string& indicator, const std::string& breakdown, int64_t a, int64_t n1,
                            int64_t b, int64_t n2) {
  if (a < 0 || b < 0 || a > n1 || b > n2) return Withheld(indicator, breakdown, v1::VALUE_KIND_DIFFERENCE_PP);
  const auto p1 = stats::ProtectProportion(a, n1, policy());
  const auto p2 = stats::ProtectProportion(b, n2, policy());
  if (p1.suppressed() || p2.suppressed()) return Withheld(indicator, breakdown, v1::VALUE_KIND_DIFFERENCE_PP);
  const auto d = stats::NewcombeDifference(p1.value(), p2.value());
  Cell c = Identity(indicator, breakdown, v1::VALUE_KIND_DIFFERENCE_PP);
  c.set_value(d.value * 100.0);
  c.set_numerator(p1.value().numerator);
  c.set_denominator(p1.value().denominator);
  c.set_comparison_numerator(p2.value().numerator);
  c.set_comparison_denominator(p2.value().denominator);
  c.set_ci_low(d.ci_low * 100.0);
  c.set_ci_high(d.ci_high * 100.0);
  c.set_significant(d.significant);
  cells_.push_back(std::move(c));
}

void CellSink::GapToReferencePp(const std::string& indicator, const std::string& breakdown, int64_t a, int64_t n1,
                                double reference) {
  if (a < 0 || a > n1) return Withheld(indicator, breakdown, v1::VALUE_KIND_DIFFERENCE_PP);
  const auto p = stats::ProtectProportion(a, n1, policy());
  if (p.suppressed()) return Withheld(indicator, breakdown, v1::VALUE_KIND_DIFFERENCE_PP);
  Cell c = Identity(indicator, breakdown, v1::VALUE_KIND_DIFFERENCE_PP);
  c.set_value((p.value().value - reference) * 100.0);
  c.set_numerator(p.value().numerator);
  c.set_denominator(p.value().denominator);
  c.set_ci_low((p.value().ci_low - reference) * 100.0);
  c.set_ci_high((p.value().ci_high - reference) * 100.0);
  c.set_significant(p.value().ci_low > reference || p.value().ci_high < reference);
  cells_.push_back(std::move(c));
}

void CellSink::Measure(const std::string& indicator, const std::string& breakdown, double value, int64_t individuals,
                       int64_t min_individuals) {
  const auto m = stats::ProtectMeasure(value, individuals, policy());
  if (m.suppressed() || individuals < min_individuals || !std::isfinite(value)) {
    return Withheld(indicator, breakdown, v1::VALUE_KIND_MEASURE);
  }
  const auto count = stats::ProtectCount(individuals, policy());
  Cell c = Identity(indicator, breakdown, v1::VALUE_KIND_MEASURE);
  c.set_value(m.value());
  if (count.shown()) c.set_denominator(count.value());
  cells_.push_back(std::move(c));
}

std::vector<Cell> CellSink::Take() {
  std::stable_sort(cells_.begin(), cells_.end(), [](const Cell& x, const Cell& y) {
    return x.indicator() != y.indicator() ? x.indicator() < y.indicator() : x.breakdown() < y.breakdown();
  });
  return std::move(cells_);
}

bool CarriesNoFigure(const Cell& c) {
  Cell identity;
  identity.set_indicator(c.indicator());
  identity.set_breakdown(c.breakdown());
  identity.set_kind(c.kind());
  identity.set_suppressed(true);
  *identity.mutable_census_date() = c.census_date();
  identity.set_mapping_version(c.mapping_version());
  return c.suppressed() && identity.SerializeAsString() == c.SerializeAsString();
}

v1::IndicatorFamily FamilyOf(const std::string& indicator) {
  auto starts = [&](const char* prefix) { return indicator.rfind(prefix, 0) == 0; };
  if (starts("representation") || starts("headcount") || starts("population_gap") || starts("senior_to_workforce")) {
    return v1::INDICATOR_FAMILY_REPRESENTATION;
  }
  if (starts("declaration")) return v1::INDICATOR_FAMILY_DECLARATION;
  if (starts("wres")) return v1::INDICATOR_FAMILY_WRES;
  if (starts("progression") || starts("leaver") || starts("programme")) return v1::INDICATOR_FAMILY_PROGRESSION;
  if (starts("pay") || starts("top5")) return v1::INDICATOR_FAMILY_PAY;
  if (starts("target")) return v1::INDICATOR_FAMILY_TARGETS;
  return v1::INDICATOR_FAMILY_UNSPECIFIED;
}

}  // namespace dxhub::aggregator
