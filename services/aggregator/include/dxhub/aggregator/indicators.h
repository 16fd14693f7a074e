// The indicator computation: a pure function of the State (the event
// history) and the IndicatorSettings, producing one published cube per scope
// and census date. Every cell goes through CellSink (disclosure control).
// Each family lives in its own file; ComputeCube calls them in a fixed order
// and sorts the cells, so the result never depends on iteration or timing.
// Pure; thread-safe over a State nobody mutates meanwhile.
#pragma once

#include <string>
#include <vector>

#include "dxhub/aggregator/publish.h"
#include "dxhub/aggregator/snapshot.h"

namespace dxhub::aggregator {

// Counts of one group of staff (a tier, a grade, the workforce).
struct Tally {
  int64_t total = 0;
  int64_t white = 0;
  int64_t bme = 0;
  int64_t female = 0;
  int64_t sex_known = 0;
  int64_t disabled = 0;
  int64_t disability_known = 0;

  void Add(const Member& m);
  int64_t known() const { return white + bme; }
  int64_t unknown() const { return total - white - bme; }
};

// `earlier` holds the scope's cubes at earlier census dates, ascending (targets use their trend).
// `previous`: the exact proportions of the scope's previous census date (for each
// proportion's change since then); `exact`, if given, receives this cube's.
// `index`: shared by the cubes computed from the same unchanged State.
Cube ComputeCube(const State& state, const std::string& scope, int64_t census_day, const IndicatorSettings& settings,
                 const std::vector<const Cube*>& earlier, const ExactProportions* previous = nullptr,
                 ExactProportions* exact = nullptr, std::shared_ptr<WorkforceIndex> index = nullptr);

// Families, in the order ComputeCube applies them.
void AddRepresentation(const Snapshot& s, CellSink& out);   // representation, headcount, WRES 1, declaration
void AddWres(const Snapshot& s, CellSink& out);             // WRES 2 to 9
void AddProgression(const Snapshot& s, CellSink& out);      // progression, leavers, programmes
void AddPay(const Snapshot& s, CellSink& out);              // quartiles, gaps, top 5%
// Targets read the cells already made for this cube and the earlier cubes.
void AddTargets(const Snapshot& s, const std::vector<Cell>& cells, const std::vector<const Cube*>& earlier,
                CellSink& out);

// The "tier=TIER_SENIOR" style breakdown label.
std::string TierBreakdown(dxhub::event::v1::Tier tier);

}  // namespace dxhub::aggregator
