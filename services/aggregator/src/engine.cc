#include "dxhub/aggregator/engine.h"

#include "dxhub/protocol/event_id.h"

namespace dxhub::aggregator {

Result<std::unique_ptr<Engine>> Engine::Open(const std::filesystem::path& data_dir, const IndicatorSettings& settings) {
  auto store = StateStore::Open(data_dir);
  if (!store.ok()) return store.status();
  std::unique_ptr<Engine> engine(new Engine(std::move(*store), settings));
  DXHUB_RETURN_IF_ERROR(engine->store_->LoadState(engine->state_));
  std::map<CubeKey, StoredCube> cubes;
  std::vector<Restatement> restatements;
  DXHUB_RETURN_IF_ERROR(engine->store_->LoadCubes(&cubes));
  DXHUB_RETURN_IF_ERROR(engine->store_->LoadRestatements(&restatements));
  engine->cubes_.Load(std::move(cubes), std::move(restatements));
  return engine;
}

Status Engine::Apply(const std::vector<StoredEvent>& events) {
  std::vector<const StoredEvent*> pointers;
  pointers.reserve(events.size());
  for (const auto& e : events) pointers.push_back(&e);
  return Apply(pointers);
}

Status Engine::Apply(const std::vector<const StoredEvent*>& events) {
  const uint64_t first = store_->next_seq();
  uint64_t next = first;
  for (const StoredEvent* e : events) {
    if (e->seq() < next) continue;
    if (e->seq() > next) {
      return Status::Internal("event seq " + std::to_string(e->seq()) + " arrived while expecting " +
                              std::to_string(next) + "; nothing of the chunk was applied");
    }
    ++next;
  }
  if (next == first) return Status::Ok();
  // Each new event's input, as the State takes it in: written, then applied.
  std::vector<std::pair<uint64_t, StateInput>> inputs;
  uint64_t expect = first;
  for (const StoredEvent* e : events) {
    if (e->seq() != expect) continue;
    ++expect;
    if (auto input = State::InputOf(*e)) inputs.emplace_back(e->seq(), std::move(*input));
  }
  rocksdb::WriteBatch batch;
  store_->StageInputs(batch, inputs);
  DXHUB_RETURN_IF_ERROR(store_->Commit(batch, next));
  // Durable: now the in-memory model follows (a failed commit left it untouched).
  for (const auto& [seq, input] : inputs) {
    if (auto change = state_.Apply(input, seq)) cubes_.MarkDirty(*change);
  }
  return Status::Ok();
}

Status Engine::Refresh(const std::function<void()>& meanwhile) {
  if (!cubes_.dirty()) return Status::Ok();
  rocksdb::WriteBatch batch;
  cubes_.Refresh(state_, applied_seq(), store_.get(), &batch, meanwhile);
  return store_->Write(batch);
}

}  // namespace dxhub::aggregator
