// Plans the rotation of a partner's pseudonymisation secret (`dxconnect
// rotate-secret`) without writing anything: reads every staff extract and
// event file the sources still hold, computes each identifier's key under the
// old and the new secret, re-keys the snapshot, marks the facts already sent
// under their new event ids (so a re-read file sends nothing twice), and
// builds one PersonKeyRotation event per person (staff and board members)
// so the hub re-keys its timelines. Enqueue the batch with
// ConnectorState::Enqueue: one synced write. Pure over its inputs; one thread.
#pragma once

#include <string>
#include <vector>

#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/connector_state.h"
#include "dxhub/connector/pseudonymiser.h"
#include "dxhub/connector/table_source.h"

namespace dxhub::connector {

struct KeyRotationPlan {
  // Re-keyed snapshot (puts and deletes), the ids of facts already sent, the
  // rotation events and the new secret's fingerprint.
  EnqueueBatch batch;
  size_t snapshot_people = 0;         // people in the snapshot before
  size_t snapshot_unmapped = 0;       // of them, in no readable staff extract: they keep their old key
  size_t facts_already_sent = 0;      // event-file rows whose events were sent under the old keys
  std::vector<std::string> problems;  // tables that could not be read: the rotation must not go ahead
};

// `sources` are read in order (e.g. the source directory, then its processed/
// folder); `on` dates the rotation events.
Result<KeyRotationPlan> PlanKeyRotation(const ConnectorConfig& config, const ConnectorState& state,
                                        const Pseudonymiser& old_keys, const Pseudonymiser& new_keys,
                                        const std::vector<TableSource*>& sources,
                                        const dxhub::event::v1::Date& on);

}  // namespace dxhub::connector
