// Progression and retention (SPEC 4.4): moving up a tier within the window
// (White vs BME), leaver rates, and leadership-programme outcomes 6-12 months
// after completion against the report's ambition (default 80%).
#include <map>
#include <set>

#include "dxhub/aggregator/indicators.h"

namespace dxhub::aggregator {

using namespace dxhub::event::v1;

namespace {

// Mapping in force per org on one day.
std::map<const std::string*, const MappingInForce*> MappingsOn(const Snapshot& s, int64_t day) {
  std::map<const std::string*, const MappingInForce*> out;
  for (const ScopeOrg& org : s.orgs) out[org.org_id] = &s.MappingOn(org, day);
  return out;
}

// Of the staff in post at the window's start, per org: who is still in post
// at the census date (and moved up a tier under the mapping in force then),
// and who left; counted by the workforce index's walk (Movement). Someone in
// post then and not now has left: their latest record on or before the
// census date is a leaving.
void AddMovesAndLeavers(const Snapshot& s, CellSink& out) {
  const int64_t start = MonthsBefore(s.census_day, out.settings().progression_window_months);
  Movement all;
  for (const ScopeOrg& org : s.orgs) all.Add(s.MovementSince(org, start));
  const GroupRates& moved = all.moved;
  const GroupRates& left = all.left;
  out.RelativeLikelihood("progression_moved_up_rl", "White_vs_BME", moved.white, moved.white_base, moved.bme,
                         moved.bme_base);
  out.Proportion("progression_moved_up_rate", "group=White", moved.white, moved.white_base);
  out.Proportion("progression_moved_up_rate", "group=BME", moved.bme, moved.bme_base);
  out.Proportion("leaver_rate", "workforce", left.all, left.all_base);
  out.Proportion("leaver_rate", "group=White", left.white, left.white_base);
  out.Proportion("leaver_rate", "group=BME", left.bme, left.bme_base);
  out.RelativeLikelihood("leaver_rl", "BME_vs_White", left.bme, left.bme_base, left.white, left.white_base);
}

void AddProgrammes(const Snapshot& s, CellSink& out) {
  const auto& settings = out.settings();
  const int64_t earliest = MonthsBefore(s.census_day, settings.programme_max_months);
  const int64_t latest = MonthsBefore(s.census_day, settings.programme_min_months);
  // cohort -> (org, person) -> completion day (the first completion in range)
  std::map<std::string, std::map<std::pair<std::string, std::string>, int64_t>> cohorts;
  for (const Fact* f : s.FactsIn("programme_participation", earliest - 1, latest)) {
    const auto& p = f->event.programme_participation();
    if (p.status() != PROGRAMME_STATUS_COMPLETED) continue;
    cohorts[p.programme_id() + "/" + p.cohort_id()].emplace(
        std::pair{f->event.org_id(), s.PersonOf(f->event.org_id(), p.person_key())}, f->day);
  }
  const auto now_mapping = MappingsOn(s, s.census_day);
  for (const auto& [cohort, people] : cohorts) {
    int64_t progressed = 0;
    for (const auto& [who, completed_on] : people) {
      const Timeline* t = s.TimelineOf(who.first, who.second);
      const StaffEntry* then = t == nullptr ? nullptr : LatestOnOrBefore(*t, completed_on);
      const StaffEntry* now = t == nullptr ? nullptr : InPost(*t, s.census_day);
      if (then == nullptr || then->left || now == nullptr) continue;
      const ScopeOrg* org = nullptr;
      for (const ScopeOrg& o : s.orgs) {
        if (*o.org_id == who.first) org = &o;
      }
      const Tier tier_then = s.MappingOn(*org, completed_on).TierOf(*then);
      const Tier tier_now = now_mapping.at(org->org_id)->TierOf(*now);
      const bool higher_pay = then->hourly_pay_pence > 0 && now->hourly_pay_pence > then->hourly_pay_pence;
      if (TierRank(tier_now) > TierRank(tier_then) || higher_pay) ++progressed;
    }
    out.Proportion("programme_progressed", "cohort=" + cohort, progressed, static_cast<int64_t>(people.size()));
    if (Cell* c = out.Last(); c != nullptr && !c->suppressed()) {
      c->set_significant(c->ci_high() < settings.programme_ambition || c->ci_low() > settings.programme_ambition);
    }
  }
}

}  // namespace

void AddProgression(const Snapshot& s, CellSink& out) {
  AddMovesAndLeavers(s, out);
  AddProgrammes(s, out);
}

}  // namespace dxhub::aggregator
