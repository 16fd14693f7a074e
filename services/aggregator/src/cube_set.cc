#include "dxhub/aggregator/cube_set.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>

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

int RefreshThreads(int configured) {
  if (configured > 0) return configured;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

namespace {

// One scope's part of a refresh: which census days it recomputes, and their new cubes.
struct ScopeRefresh {
  std::string scope;
  int64_t last_day = 0;                  // its latest input: census dates before it are closed
  std::vector<char> recompute;           // per census day
  std::vector<std::optional<Cube>> fresh;  // per census day, where recomputed
};

}  // namespace

void CubeSet::Refresh(const State& state, uint64_t applied_seq, const StateStore* store, rocksdb::WriteBatch* batch,
                      const std::function<void()>& meanwhile) {
  if (!state.first_day()) {
    dirty_from_.clear();
    all_dirty_ = false;
    return;
  }
  census_days_ = CensusDays(*state.first_day(), *state.last_day());
  const size_t days = census_days_.size();
  std::vector<ScopeRefresh> work;  // the orgs in id order, then the place: the order results are kept in
  for (const auto& [org_id, org] : state.orgs()) {
    if (org.last_day != INT64_MIN) work.push_back(ScopeRefresh{org_id, org.last_day, {}, {}});  // not key rotations alone
  }
  work.push_back(ScopeRefresh{kPlaceScope, *state.last_day(), {}, {}});
  for (ScopeRefresh& w : work) {
    auto dirty = dirty_from_.find(w.scope);
    w.recompute.resize(days);
    w.fresh.resize(days);
    for (size_t i = 0; i < days; ++i) {
      const CubeKey key{w.scope, census_days_[i]};
      w.recompute[i] = all_dirty_ || cubes_.count(key) == 0 || (dirty != dirty_from_.end() && census_days_[i] >= dirty->second);
      exact_.try_emplace(key);  // every node made here: the threads below only read the map's shape
    }
  }

  // Computing: each scope on one thread, in census order (targets and changes
  // read its earlier cubes); scopes shared out, the place (the largest) first.
  // The State, the settings and cubes_ are only read meanwhile, and each
  // thread writes only its scopes' `fresh` and exact proportions.
  auto compute = [&](ScopeRefresh& w, const std::shared_ptr<WorkforceIndex>& index) {
    std::vector<const Cube*> earlier;
    const ExactProportions* previous = nullptr;
    for (size_t i = 0; i < days; ++i) {
      const CubeKey key{w.scope, census_days_[i]};
      ExactProportions* exact = &exact_.find(key)->second;
      if (w.recompute[i]) {
        w.fresh[i] = ComputeCube(state, w.scope, census_days_[i], settings_, earlier, previous, exact, index);
        earlier.push_back(&*w.fresh[i]);
        // The next cube reads its own day's workforce and movement (counted in
        // the walk that filled the day): nothing before it.
        if (i + 1 < days) index->ForgetBefore(census_days_[i + 1]);
      } else {
        earlier.push_back(&cubes_.find(key)->second.cube());
      }
      previous = exact;
    }
    index->ForgetBefore(INT64_MAX);  // the thread's next scope reads none of this one's days
  };
  std::atomic<size_t> next{0};
  const size_t threads = std::min<size_t>(static_cast<size_t>(RefreshThreads(settings_.refresh_threads)), work.size());
  std::vector<size_t> days_held(threads, 0);  // per thread: the most days of workforces its index held
  auto worker = [&](size_t t) {
    // Per thread; the State does not change during the refresh.
    auto index = std::make_shared<WorkforceIndex>(census_days_, WorkforceIndex::kSweepDays,
                                                  settings_.progression_window_months);
    for (size_t n = next++; n < work.size(); n = next++) compute(work[n == 0 ? work.size() - 1 : n - 1], index);
    days_held[t] = index->most_days_held();
  };
  std::vector<std::thread> helpers;
  if (meanwhile) {
    // Every worker on a thread of its own; this thread calls `meanwhile`
    // (answering requests) until they are done.
    std::atomic<size_t> finished{0};
    for (size_t t = 0; t < threads; ++t) {
      helpers.emplace_back([&, t] {
        worker(t);
        ++finished;
      });
    }
    while (finished.load() < threads) meanwhile();
  } else {
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(worker, t);
    worker(0);
  }
  for (std::thread& t : helpers) t.join();
  for (size_t held : days_held) most_workforce_days_ = std::max(most_workforce_days_, held);

  // Keeping, in scope order (restatement ids and the staged batch do not depend on the threads).
  for (ScopeRefresh& w : work) {
    for (size_t i = 0; i < days; ++i) {
      const int64_t day = census_days_[i];
      const CubeKey key{w.scope, day};
      auto it = cubes_.find(key);
      const bool closed = w.last_day > day;
      if (w.recompute[i]) {
        StoredCube next_cube;
        *next_cube.mutable_cube() = std::move(*w.fresh[i]);
        next_cube.set_closed(closed);
        ++computed_;
        if (it != cubes_.end()) RecordChanges(it->second, next_cube.cube(), applied_seq, store, batch);
        const bool changed =
            it == cubes_.end() || protocol::DeterministicBytes(it->second) != protocol::DeterministicBytes(next_cube);
        it = cubes_.insert_or_assign(key, std::move(next_cube)).first;
        if (changed && store != nullptr) store->StageCube(*batch, key, it->second);
      } else if (closed && !it->second.closed()) {
        it->second.set_closed(true);
        if (store != nullptr) store->StageCube(*batch, key, it->second);
      }
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
