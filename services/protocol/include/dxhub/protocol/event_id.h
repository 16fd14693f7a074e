// The deterministic event id (docs/protocol.md, "Event id"): SHA-256 over the
// org, the payload type, the source key, the effective date and the payload's
// deterministic protobuf encoding. Re-sending the same fact yields the same
// id, so the store stores it once. Pure functions; thread-safe.
#pragma once

#include <string>

#include "dxhub/event/v1/event.pb.h"

namespace dxhub::protocol {

using dxhub::event::v1::Event;

// A message's deterministic protobuf encoding (fields in number order, map
// entries sorted): the bytes hashed into event ids and cube digests.
std::string DeterministicBytes(const google::protobuf::Message& message);

// Payload kind as the oneof field's name ("staff_record", ...); "" when unset.
const std::string& PayloadType(const Event& event);
// Whether `name` is a payload kind this contract defines (a field of the oneof).
bool IsPayloadType(const std::string& name);

// The bytes hashed into the id (exposed for documentation tests and other languages).
std::string EventIdInput(const Event& event);
// Lowercase hex SHA-256 of EventIdInput().
std::string ComputeEventId(const Event& event);
// Sets event.event_id to ComputeEventId(event).
void AssignEventId(Event& event);

}  // namespace dxhub::protocol
