#include "dxhub/aggregator/cube_set.h"

#include <memory>

#include "dxhub/aggregator/indicators.h"
#include "dxhub/common/crypto.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"

namespace dxhub::aggregator {

namespace {

std::string CellKey(const v1::Cell& c) { return c.indicator() + '\0' + c.breakdown(); }

// A cell's published figure, for restatements: its change since the previous
// census date is left out (it follows the figures of two periods, each
// restated on its own; and cubes stored before it existed are not restated for lacking it).
std::string FigureBytes(const v1::Cell& c) {
  v1::Cell figure = c;
  figure.clear_change_since_previous();
  return protocol::DeterministicBytes(figure);
}

}  // namespace

void CubeSet::Load(std::map<CubeKey, StoredCube> cubes, std::vector<Restatement> restatements) {
  cubes_ = std::move(cubes);
  restatements_ = std::move(restatements);
  all_dirty_ = true;
}

void CubeSet::MarkDirty(const Change& change) {
  for (const std::string& scope : {change.org_id, std::string(kPlaceScope)}) {
    auto [it, inserted] = dirty_from_.try_emplace(scope, change.day);
    if (!inserted) it->second = std::min(it->second, change.day);
  }
}

void CubeSet::Refresh(const State& state, uint64_t applied_seq, const StateStore* store, rocksdb::WriteBatch* batch) {
  if (!state.first_day()) {
    dirty_from_.clear();
    all_dirty_ = false;
    return;
  }
  census_days_ = CensusDays(*state.first_day(), *state.last_day());
  std::vector<std::pair<std::string, int64_t>> scopes;  // scope, latest input day
  for (const auto& [org_id, org] : state.orgs()) {
    if (org.last_day != INT64_MIN) scopes.emplace_back(org_id, org.last_day);  // not key rotations alone
  }
  scopes.emplace_back(kPlaceScope, *state.last_day());
  auto index = std::make_shared<WorkforceIndex>();  // the State does not change during the refresh
  for (const auto& [scope, last_day] : scopes) {
    auto dirty = dirty_from_.find(scope);
    std::vector<const Cube*> earlier;
    const ExactProportions* previous = nullptr;
    for (int64_t day : census_days_) {
      const CubeKey key{scope, day};
      auto it = cubes_.find(key);
      const bool recompute = all_dirty_ || it == cubes_.end() || (dirty != dirty_from_.end() && day >= dirty->second);
      const bool closed = last_day > day;
      if (recompute) {
        StoredCube next;
        *next.mutable_cube() = ComputeCube(state, scope, day, settings_, earlier, previous, &exact_[key], index);
        next.set_closed(closed);
        ++computed_;
        if (it != cubes_.end()) RecordChanges(it->second, next.cube(), applied_seq, store, batch);
        const bool changed = it == cubes_.end() || protocol::DeterministicBytes(it->second) != protocol::DeterministicBytes(next);
        it = cubes_.insert_or_assign(key, std::move(next)).first;
        if (changed && store != nullptr) store->StageCube(*batch, key, it->second);
      } else if (closed && !it->second.closed()) {
        it->second.set_closed(true);
        if (store != nullptr) store->StageCube(*batch, key, it->second);
      }
      earlier.push_back(&it->second.cube());
      previous = &exact_[key];
    }
  }
  dirty_from_.clear();
  all_dirty_ = false;
}

void CubeSet::RecordChanges(const StoredCube& before, const Cube& after, uint64_t applied_seq, const StateStore* store,
                            rocksdb::WriteBatch* batch) {
  if (!before.closed()) return;  // an open period is being filled in, not restated
  std::map<std::string, const v1::Cell*> old_cells, new_cells;
  for (const auto& c : before.cube().cells()) old_cells[CellKey(c)] = &c;
  for (const auto& c : after.cells()) new_cells[CellKey(c)] = &c;
  auto record = [&](const v1::Cell* was, const v1::Cell* now) {
    Restatement r;
    r.set_id(restatements_.size() + 1);
    r.set_applied_seq(applied_seq);
    r.set_scope(after.scope());
    *r.mutable_census_date() = after.census_date();
    if (was != nullptr) *r.mutable_old_cell() = *was;
    if (now != nullptr) *r.mutable_new_cell() = *now;
    if (store != nullptr) store->StageRestatement(*batch, r);
    restatements_.push_back(std::move(r));
  };
  for (const auto& [key, was] : old_cells) {
    auto it = new_cells.find(key);
    if (it == new_cells.end()) record(was, nullptr);
    else if (FigureBytes(*was) != FigureBytes(*it->second)) record(was, it->second);
  }
  for (const auto& [key, now] : new_cells) {
    if (old_cells.count(key) == 0) record(nullptr, now);
  }
}

std::string CubeDigest(const std::vector<const Cube*>& cubes) {
  std::string all;
  for (const Cube* c : cubes) {
    const std::string bytes = protocol::DeterministicBytes(*c);
    all += std::to_string(bytes.size()) + ":" + bytes;
  }
  return Sha256Hex(all);
}

std::string AllCubesDigest(const CubeSet& set) {
  std::vector<const Cube*> cubes;
  for (const auto& [key, stored] : set.cubes()) cubes.push_back(&stored.cube());
  return CubeDigest(cubes);
}

}  // namespace dxhub::aggregator
