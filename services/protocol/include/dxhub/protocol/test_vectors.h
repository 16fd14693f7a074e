// The contract's test vectors, docs/test-vectors.json: one valid event of
// every payload type with its expected source key and event id, invalid
// events with the reason code the store answers, and person keys for a known
// secret. Parsed here for the unit tests and `dxctl conformance`, which
// carries the file as built. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dxhub/common/status.h"
#include "dxhub/event/v1/event.pb.h"

namespace dxhub::protocol {

// One event of the file: a valid one (reason_code empty) or an invalid one.
struct VectorEvent {
  std::string name;
  std::string sender;       // valid events: "connector" or "hub" (who may send it)
  std::string reason_code;  // invalid events: what the store answers
  bool keep_org = false;    // the org id is the fault: keep it when re-sealing for another org
  std::string event_id_fault;  // "stale" or "upper": the id is the fault, "" otherwise
  dxhub::event::v1::Event event;
};

// A person key: "v<key_version>:" + hex HMAC-SHA-256(secret, hmac_message).
struct PersonKeyVector {
  std::string domain;
  std::string identifier;
  std::string normalised;
  std::string hmac_message;
  int key_version = 1;
  std::string person_key;
};

struct TestVectors {
  std::string secret;
  std::vector<PersonKeyVector> keys;
  std::vector<VectorEvent> events;
  std::vector<VectorEvent> invalid_events;
};

// Parses the file's text; an error names the entry that did not parse.
Result<TestVectors> ParseTestVectors(std::string_view json);

// docs/test-vectors.json as it was when this program was built.
std::string_view BuiltInTestVectors();

}  // namespace dxhub::protocol
