#include "dxhub/aggregator/indicators.h"

#include "dxhub/protocol/dates.h"

namespace dxhub::aggregator {

using namespace dxhub::event::v1;

void Tally::Add(const Member& m) {
  ++total;
  if (m.group == EthnicGroup::kWhite) ++white;
  if (m.group == EthnicGroup::kBme) ++bme;
  if (m.sex() == SEX_FEMALE || m.sex() == SEX_MALE) ++sex_known;
  if (m.sex() == SEX_FEMALE) ++female;
  if (m.disability() == DISABILITY_YES || m.disability() == DISABILITY_NO) ++disability_known;
  if (m.disability() == DISABILITY_YES) ++disabled;
}

std::string TierBreakdown(Tier tier) { return "tier=" + Tier_Name(tier); }

Cube ComputeCube(const State& state, const std::string& scope, int64_t census_day, const IndicatorSettings& settings,
                 const std::vector<const Cube*>& earlier, const ExactProportions* previous,
                 ExactProportions* exact, std::shared_ptr<WorkforceIndex> index) {
  const Snapshot snapshot = TakeSnapshot(state, scope, census_day, std::move(index));
  CellSink sink(CellContext{&settings, census_day, snapshot.mapping_versions, previous});
  AddRepresentation(snapshot, sink);
  AddWres(snapshot, sink);
  AddProgression(snapshot, sink);
  AddPay(snapshot, sink);
  if (exact != nullptr) *exact = sink.exact();
  std::vector<Cell> cells = sink.Take();
  CellSink targets(sink.context());
  AddTargets(snapshot, cells, earlier, targets);
  for (Cell& c : targets.Take()) cells.push_back(std::move(c));

  Cube cube;
  cube.set_scope(scope);
  *cube.mutable_census_date() = protocol::CivilFromDays(census_day);
  cube.set_mapping_version(snapshot.mapping_versions);
  cube.set_mapping_in_force(snapshot.mapping_in_force);
  for (Cell& c : cells) *cube.add_cells() = std::move(c);
  return cube;
}

}  // namespace dxhub::aggregator
