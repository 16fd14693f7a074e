// Validation of one event against the contract: envelope, payload fields,
// enum values, string lengths, dates and the event-id rule. Used by the store
// (authoritative) and by connectors (to fail early, row by row). Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dxhub/event/v1/event.pb.h"

namespace dxhub::protocol {

inline constexpr int32_t kSchemaVersion = 1;

// The smallest max_string_bytes a store may run with: the length of a
// version-1 pseudonymous key ("v1:" + 64 hex). The limit bounds every string,
// event_id (64), person_key and source_key included, so below this every
// event carrying a key would be rejected.
inline constexpr size_t kMinStringBytes = 67;

struct ValidationLimits {
  // Longest string field accepted, in bytes (at least kMinStringBytes).
  size_t max_string_bytes = 256;
  // Most repeated entries in a payload (mapping rules, ratings).
  size_t max_repeated = 2000;
  // Longest peer-review evidence or reviewer comment, in bytes (these two
  // fields are exempt from max_string_bytes and scanned for identifiers).
  size_t max_evidence_bytes = 600;
  // Largest event accepted, in bytes of its protobuf encoding (the store's
  // limits.max_event_bytes): what one event may cost a read reply.
  size_t max_event_bytes = 1 << 20;
};

// Why an event was refused: a stable machine code and a sentence naming the field.
struct Rejection {
  std::string code;    // e.g. "MISSING_FIELD", "EVENT_ID_MISMATCH"
  std::string reason;  // e.g. "staff_record.person_key is empty; ..."
};

// nullopt when the event is valid.
std::optional<Rejection> ValidateEvent(const dxhub::event::v1::Event& event, const ValidationLimits& limits);

// Whether `key` is a pseudonymous key of the form "v<version>:<64 lowercase hex>".
bool IsPseudonymousKey(const std::string& key);
// Whether `id` is a closed-list identifier: 1..32 characters of A-Z, 0-9 and '_'
// (e.g. a course category "LEADERSHIP"); free text never is.
bool IsCategoryId(const std::string& id);
// Whether `org_id` is 2..16 characters of A-Z, 0-9, '_' or '-'.
bool IsValidOrgId(const std::string& org_id);
// Whether `cycle_id` is 1..64 characters of letters, digits, '-', '_' or '.'.
bool IsValidCycleId(const std::string& cycle_id);

}  // namespace dxhub::protocol
