// The aggregator without its sockets: applies committed events exactly once
// (state changes and checkpoint in one WriteBatch), keeps the cubes current
// on demand, and answers from them. Used by the server loop and directly by
// unit tests and --rebuild. Owned by one thread; not thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "dxhub/aggregator/config.h"
#include "dxhub/aggregator/cube_set.h"
#include "dxhub/aggregator/state.h"
#include "dxhub/aggregator/state_store.h"

namespace dxhub::aggregator {

class Engine {
 public:
  // Opens the state under `data_dir` and loads it (timelines, facts, cubes, restatements).
  static Result<std::unique_ptr<Engine>> Open(const std::filesystem::path& data_dir, const IndicatorSettings& settings);

  // Applies `events` in sequence order: a seq below next_seq() was applied
  // before and is skipped; a seq beyond it is a gap and an error (nothing of
  // the chunk is applied). Done = durable with the checkpoint.
  Status Apply(const std::vector<StoredEvent>& events);
  // The same, over events owned elsewhere (a read reply on an arena).
  Status Apply(const std::vector<const StoredEvent*>& events);
  // Recomputes dirty cubes and writes them (and any restatements); with
  // `meanwhile`, called over and over on this thread while the cubes are
  // computed on others (CubeSet::Refresh: it may read state() and cubes()).
  Status Refresh(const std::function<void()>& meanwhile = {});

  uint64_t next_seq() const { return store_->next_seq(); }
  uint64_t applied_seq() const { return store_->next_seq() - 1; }
  bool dirty() const { return cubes_.dirty(); }
  const State& state() const { return state_; }
  // Current only after Refresh().
  const CubeSet& cubes() const { return cubes_; }

 private:
  Engine(std::unique_ptr<StateStore> store, const IndicatorSettings& settings)
      : store_(std::move(store)), state_(settings.calendar), cubes_(settings) {}

  std::unique_ptr<StateStore> store_;
  State state_;
  CubeSet cubes_;
};

}  // namespace dxhub::aggregator
