// The source key of each payload type (docs/protocol.md, "Source key"): the
// source's natural key of a fact, part of the event id. One rule per payload
// type, from one table, so connectors in any language key a fact identically
// and the store can refuse any other form. Pure functions; thread-safe.
#pragma once

#include <string>

#include "dxhub/event/v1/event.pb.h"

namespace dxhub::protocol {

// The source_key the contract requires for `event` (built from its payload
// and, for training_access, its occurred_at); "" when no payload is set.
std::string ExpectedSourceKey(const dxhub::event::v1::Event& event);

// The form of that key for a payload type, for people, e.g.
// "<applicant_key>/<vacancy_ref>"; "" for an unknown type.
std::string SourceKeyForm(const std::string& payload_type);

}  // namespace dxhub::protocol
