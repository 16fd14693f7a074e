// Plans one connector run without sending anything: reads every new table
// from the source, builds and validates events, diffs each staff extract
// against the snapshot of the previous one (joins and changes become staff
// records, people missing from a full extract become leavers), skips events
// already enqueued, and applies the guard rails. A state made with another
// pseudonymisation secret (see dxconnect rotate-secret) is a fatal problem
// before anything is read. A plan with a fatal problem must not be enqueued. Used by `dry-run` (print it) and `run` (enqueue it).
// Each staff extract is diffed in one ordered walk of the snapshot beside the
// extract sorted by person key; the snapshot is never loaded whole. PlanRun
// keeps what it plans in memory (RunPlan::batch); StageRun stages it in the
// state piece by piece as it goes, holding one extract and one piece at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/connector_state.h"
#include "dxhub/connector/pseudonymiser.h"
#include "dxhub/connector/table_source.h"

namespace dxhub::connector {

struct TableReport {
  TableRef ref;
  size_t rows_read = 0;
  size_t rows_bad = 0;
  size_t events = 0;
  std::vector<RowError> errors;
  std::vector<RowError> warnings;  // rows sent, with a note for the partner (identical duplicates, labels sent as OTHER)
  std::string fatal;
};

struct RunPlan {
  EnqueueBatch batch;
  std::vector<TableReport> tables;
  std::map<std::string, uint64_t> events_by_type;
  uint64_t joins = 0;
  uint64_t changes = 0;
  uint64_t leavers = 0;
  uint64_t already_sent = 0;   // events skipped because they were enqueued before
  std::vector<std::string> fatal;  // reasons the run must stop before sending
  // The most events and snapshot changes the plan held in memory at once
  // (every one for PlanRun; at most a piece for StageRun).
  uint64_t peak_held = 0;
  // The first staff record planned, as an example of what is sent.
  std::optional<dxhub::event::v1::Event> example_staff_record;
  bool ok() const { return fatal.empty(); }
};

// The plan in memory: `batch` holds every event and snapshot change (tests,
// small runs); the state is only read.
Result<RunPlan> PlanRun(const ConnectorConfig& config, const ConnectorState& state, const Pseudonymiser& pseudonymiser,
                        TableSource& source);

// Events planned between two writes to the state's staging (StageRun).
inline constexpr size_t kStagePieceEvents = 5000;

// The same plan, staged in `state` (ConnectorState::Stage) in pieces of
// `piece` events as it is made: `batch` keeps only what is left to commit
// (processed files, headcount, census date, the secret's fingerprint). When
// the plan is ok, state.Enqueue(batch) commits the staged run with it;
// otherwise state.DiscardStaged() drops it, and nothing was enqueued. On an
// error the staging is dropped before returning.
Result<RunPlan> StageRun(const ConnectorConfig& config, ConnectorState& state, const Pseudonymiser& pseudonymiser,
                         TableSource& source, size_t piece = kStagePieceEvents);

}  // namespace dxhub::connector
