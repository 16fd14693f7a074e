// Turns the partner's other files (recruitment, disciplinary, training,
// board, survey, targets, programme, leavers) into complete events, and wraps
// payloads in envelopes with deterministic ids. Identifiers are pseudonymised
// here and free text is mapped to closed lists (closed_lists.h); bad rows
// become RowErrors. Pure over its inputs; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "dxhub/connector/connector_config.h"
#include "dxhub/connector/pseudonymiser.h"
#include "dxhub/connector/table.h"
#include "dxhub/event/v1/event.pb.h"

namespace dxhub::connector {

struct BuiltEvents {
  size_t rows_read = 0;
  std::vector<dxhub::event::v1::Event> events;
  std::vector<RowError> errors;
  // Labels a closed list did not map and sent as OTHER: one per distinct value,
  // for the partner's own log (the rows are sent; the labels never are).
  std::vector<RowError> warnings;
  std::string fatal;
};

// The columns each event file must have (generic snake_case names).
const std::vector<std::string>& RequiredColumns(EventFileKind kind);

BuiltEvents BuildEvents(EventFileKind kind, const Table& table, const ConnectorConfig& config,
                        const Pseudonymiser& pseudonymiser);

// Why the hub will hold an event dated `occurred` out of its figures, seen
// `today` (days since 1970-01-01): before 1950-01-01 or more than 366 days
// ahead (the aggregator's default calendar bounds); "" when it will not. The
// row is still sent; the partner's log gets this as a warning.
std::string HeldOutByTheHub(const dxhub::event::v1::Date& occurred, int64_t today);

// An envelope around `event`'s payload with org, connector, date, the source
// key the contract defines for the payload (protocol::ExpectedSourceKey),
// observed time and schema version set, and its id computed.
void Seal(dxhub::event::v1::Event& event, const ConnectorConfig& config, const dxhub::event::v1::Date& occurred);

// The grade-mapping-change event announcing the config's mapping version.
dxhub::event::v1::Event MappingEvent(const ConnectorConfig& config, const dxhub::event::v1::Date& occurred);

}  // namespace dxhub::connector
