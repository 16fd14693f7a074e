// Representation (SPEC 4.1), declaration rates (4.2), WRES indicator 1, and the
// headcount table by tier and ethnic group with its totals (the table where
// secondary suppression applies).
#include <array>
#include <map>
#include <unordered_map>

#include "dxhub/aggregator/indicators.h"
#include "dxhub/stats/secondary_suppression.h"

namespace dxhub::aggregator {

using namespace dxhub::event::v1;

namespace {

constexpr Tier kTiers[] = {TIER_EXECUTIVE, TIER_SENIOR, TIER_MIDDLE, TIER_CORE};

// By a member's tier code (Member::tier_code): a look-up per member without a map.
using TalliesByTier = std::array<Tally, 256>;

void AddShares(const std::string& breakdown, const Tally& t, CellSink& out) {
  out.Proportion("representation_bme", breakdown, t.bme, t.known());
  out.Proportion("representation_female", breakdown, t.female, t.sex_known);
  // Disability follows WDES metric 1: declared disabled over the whole group
  // (undeclared stay in the denominator; declaration_disability reports them).
  out.Proportion("representation_disabled", breakdown, t.disabled, t.total);
  out.Proportion("declaration_ethnicity", breakdown, t.known(), t.total);
  out.Proportion("declaration_disability", breakdown, t.disability_known, t.total);
}

// Headcount by tier (rows) and ethnic group (White, BME, not known), with
// totals: published through stats::ProtectTableWithTotals.
void AddHeadcountTable(const TalliesByTier& by_tier, CellSink& out) {
  std::vector<std::vector<int64_t>> cells;
  for (Tier tier : kTiers) {
    const Tally& t = by_tier[EnumCode(tier)];
    cells.push_back({t.white, t.bme, t.unknown()});
  }
  const auto table = stats::ProtectTableWithTotals(cells, out.policy());
  static const char* kGroups[] = {"White", "BME", "not_known"};
  for (size_t r = 0; r < cells.size(); ++r) {
    const std::string tier = TierBreakdown(kTiers[r]);
    for (size_t c = 0; c < 3; ++c) out.Count("headcount", tier + ",group=" + kGroups[c], table.cells[r][c]);
    out.Count("headcount", tier + ",group=all", table.row_totals[r]);
  }
  for (size_t c = 0; c < 3; ++c) out.Count("headcount", std::string("workforce,group=") + kGroups[c], table.column_totals[c]);
  out.Count("headcount", "workforce,group=all", table.grand_total);
}

}  // namespace

void AddRepresentation(const Snapshot& s, CellSink& out) {
  Tally workforce;
  Tally senior;
  TalliesByTier by_tier{};
  std::map<std::string, Tally> by_grade;
  // Each grade's tally found by its record's interned texts (few), not by its
  // text per member (issue 18: with the map by tier, 5% of a rebuild).
  std::unordered_map<const RecordTexts*, Tally*> grade_of;
  for (const Member& m : s.workforce) {
    workforce.Add(m);
    by_tier[m.tier_code].Add(m);
    if (m.tier() == TIER_SENIOR || m.tier() == TIER_EXECUTIVE) senior.Add(m);
    if (!s.place) {
      auto [it, added] = grade_of.try_emplace(m.record->texts, nullptr);
      if (added) it->second = &by_grade[m.record->grade()];  // a map's nodes stay where they are
      it->second->Add(m);
    }
  }
  AddShares("workforce", workforce, out);
  AddShares("senior_and_above", senior, out);
  for (Tier tier : kTiers) {
    const Tally& t = by_tier[EnumCode(tier)];
    AddShares(TierBreakdown(tier), t, out);
    // WRES 1: BME share of the tier against the whole workforce, in points.
    out.DifferencePp("wres1_tier_vs_workforce_pp", TierBreakdown(tier), t.bme, t.known(), workforce.bme,
                     workforce.known());
  }
  for (const auto& [grade, t] : by_grade) {
    out.Proportion("representation_bme", "grade=" + grade, t.bme, t.known());
    out.DifferencePp("wres1_grade_vs_workforce_pp", "grade=" + grade, t.bme, t.known(), workforce.bme,
                     workforce.known());
  }
  AddHeadcountTable(by_tier, out);

  // Senior-to-workforce ratio: BME share of SENIOR+EXECUTIVE over BME share
  // of the workforce (below 1 = under-represented in senior roles).
  out.RelativeLikelihood("senior_to_workforce_ratio", "senior_and_above", senior.bme, senior.known(), workforce.bme,
                         workforce.known(), /*classify=*/false);
  const auto& population = out.settings().population;
  out.GapToReferencePp("population_gap_pp", "workforce", workforce.bme, workforce.known(), population.bme_share);
  out.GapToReferencePp("population_gap_pp", "senior_and_above", senior.bme, senior.known(), population.bme_share);
}

}  // namespace dxhub::aggregator
