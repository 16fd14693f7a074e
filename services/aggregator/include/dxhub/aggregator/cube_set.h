// Every indicator cube (all census dates x organisations + the place), kept
// current lazily: applying an event marks its org and the place dirty from
// its effective date on; Refresh() recomputes exactly the dirty cubes (each
// scope in census order, so targets see current earlier cubes; scopes in
// parallel on IndicatorSettings::refresh_threads, results kept in one fixed
// order so nothing depends on the threads), records a
// restatement for each published cell that changed in a period that had
// already closed, and stages the new cubes for the StateStore. Owned by the
// service thread; not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dxhub/aggregator/config.h"
#include "dxhub/aggregator/publish.h"
#include "dxhub/aggregator/state.h"
#include "dxhub/aggregator/state_store.h"

namespace dxhub::aggregator {

using dxhub::aggregator::v1::Cube;

class CubeSet {
 public:
  explicit CubeSet(const IndicatorSettings& settings) : settings_(settings) {}

  // Adopts cubes and restatements loaded from storage; every cube becomes
  // dirty (recomputed, and compared with what was published, on the next Refresh).
  void Load(std::map<CubeKey, StoredCube> cubes, std::vector<Restatement> restatements);

  // Notes that `change` may alter its org's and the place's cubes from its day on.
  void MarkDirty(const Change& change);
  bool dirty() const { return !dirty_from_.empty() || all_dirty_; }

  // Recomputes the dirty cubes from `state`, stages changed cubes and new
  // restatements into `batch` (the caller writes it) and clears the marks.
  // With `meanwhile`, the cubes are computed on threads of their own while the
  // calling thread calls `meanwhile` over and over (each call should return
  // within tens of milliseconds): it may read the State and cubes(), which
  // stay as they were until the computing ends, and must change neither.
  void Refresh(const State& state, uint64_t applied_seq, const StateStore* store, rocksdb::WriteBatch* batch,
               const std::function<void()>& meanwhile = {});

  const std::map<CubeKey, StoredCube>& cubes() const { return cubes_; }
  const std::vector<Restatement>& restatements() const { return restatements_; }
  std::vector<int64_t> census_days() const { return census_days_; }
  uint64_t computed() const { return computed_; }
  // The most days of workforces one refresh thread's index held at once, over every refresh.
  size_t most_workforce_days() const { return most_workforce_days_; }

 private:
  void RecordChanges(const StoredCube& before, const Cube& after, uint64_t applied_seq, const StateStore* store,
                     rocksdb::WriteBatch* batch);

  IndicatorSettings settings_;
  std::map<CubeKey, StoredCube> cubes_;
  // Exact counts behind each cube's shown proportions (memory only, never
  // published): every cube is computed at least once per process, as Load marks all dirty.
  std::map<CubeKey, ExactProportions> exact_;
  std::vector<Restatement> restatements_;
  std::map<std::string, int64_t> dirty_from_;  // scope -> earliest dirty day
  bool all_dirty_ = false;
  std::vector<int64_t> census_days_;
  uint64_t computed_ = 0;
  size_t most_workforce_days_ = 0;
};

// The threads a refresh uses for `configured` (IndicatorSettings::refresh_threads).
int RefreshThreads(int configured);

// SHA-256 hex over the canonical serialisation of `cubes` in key order: for
// each cube its deterministic protobuf encoding, preceded by its length.
std::string CubeDigest(const std::vector<const Cube*>& cubes);
std::string AllCubesDigest(const CubeSet& set);

}  // namespace dxhub::aggregator
