// Targets (SPEC 4.6): each organisation's published targets with the latest
// value of the targeted indicator and whether its linear trend since the first
// period (stats::ReachesTarget) reaches the target by its due date. The trend
// uses published values only, so a withheld value never shapes it.
#include <map>

#include "dxhub/aggregator/indicators.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/stats/trend.h"

namespace dxhub::aggregator {

namespace {

// The cell a target refers to: indicator plus scope ("TIER_SENIOR",
// "senior_and_above" or "workforce").
std::string BreakdownOf(const std::string& scope) {
  return scope.rfind("TIER_", 0) == 0 ? "tier=" + scope : scope;
}

const Cell* Find(const google::protobuf::RepeatedPtrField<Cell>& cells, const std::string& indicator,
                 const std::string& breakdown) {
  for (const Cell& c : cells) {
    if (c.indicator() == indicator && c.breakdown() == breakdown) return &c;
  }
  return nullptr;
}

}  // namespace

void AddTargets(const Snapshot& s, const std::vector<Cell>& cells, const std::vector<const Cube*>& earlier,
                CellSink& out) {
  if (s.place) return;
  std::map<std::string, const Fact*> latest;  // target_id -> latest definition
  for (const Fact* f : s.FactsIn("organisation_target", INT64_MIN, s.census_day)) {
    latest[f->event.organisation_target().target_id()] = f;
  }
  for (const auto& [id, f] : latest) {
    const auto& target = f->event.organisation_target();
    const std::string indicator = target.indicator();
    const std::string breakdown = BreakdownOf(target.scope());
    const Cell* now = nullptr;
    for (const Cell& c : cells) {
      if (c.indicator() == indicator && c.breakdown() == breakdown) now = &c;
    }
    if (now == nullptr || now->suppressed() || !protocol::IsValidDate(target.due_on())) {
      out.Withheld("target", "target=" + id, v1::VALUE_KIND_TARGET);
      continue;
    }
    std::vector<stats::TrendPoint> points;
    for (const Cube* cube : earlier) {
      const Cell* c = Find(cube->cells(), indicator, breakdown);
      if (c != nullptr && !c->suppressed()) {
        points.push_back({protocol::DaysFromCivil(cube->census_date()), c->value()});
      }
    }
    points.push_back({s.census_day, now->value()});
    const double goal = target.value_percent() / 100.0;
    Cell c = out.Identity("target", "target=" + id, v1::VALUE_KIND_TARGET);
    c.set_value(now->value());
    c.set_numerator(now->numerator());
    c.set_denominator(now->denominator());
    c.set_ci_low(now->ci_low());
    c.set_ci_high(now->ci_high());
    c.set_significant(now->ci_low() > goal || now->ci_high() < goal);
    c.set_target_value(goal);
    *c.mutable_target_due_on() = target.due_on();
    // Shares (representation, declaration, top earners) are "at least" targets;
    // anything else takes its direction from where the latest value stands.
    const bool share = FamilyOf(indicator) == v1::INDICATOR_FAMILY_REPRESENTATION ||
                       FamilyOf(indicator) == v1::INDICATOR_FAMILY_DECLARATION || indicator.rfind("top5", 0) == 0;
    c.set_target_reached_by_trend(stats::ReachesTarget(
        points, goal, protocol::DaysFromCivil(target.due_on()),
        share ? stats::TargetDirection::kAtLeast : stats::TargetDirection::kFromCurrent));
    out.Add(std::move(c));
  }
}

}  // namespace dxhub::aggregator
