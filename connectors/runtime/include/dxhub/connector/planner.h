// Plans one connector run without sending anything: reads every new table
// from the source, builds and validates events, diffs each staff extract
// against the snapshot of the previous one (joins and changes become staff
// records, people missing from a full extract become leavers), skips events
// already enqueued, and applies the guard rails. A plan with a fatal problem
// must not be enqueued. Used by `dry-run` (print it) and `run` (enqueue it).
#pragma once

#include <map>
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
  std::vector<RowError> warnings;  // rows kept, with a note for the partner
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
  bool ok() const { return fatal.empty(); }
};

Result<RunPlan> PlanRun(const ConnectorConfig& config, const ConnectorState& state, const Pseudonymiser& pseudonymiser,
                        TableSource& source);

}  // namespace dxhub::connector
