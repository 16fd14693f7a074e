// Event validation (services/protocol ValidateEvent): the input is a
// serialized dxhub.event.v1.Event, checked under the default limits and the
// tightest a store may run with. Validation must never crash, and an event it
// accepts must have the id its content hashes to.
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/validate.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dxhub::fuzz::QuietLogging();
  dxhub::event::v1::Event event;
  if (!event.ParseFromArray(data, static_cast<int>(size))) return 0;
  dxhub::protocol::ValidationLimits tight;
  tight.max_string_bytes = dxhub::protocol::kMinStringBytes;
  tight.max_repeated = 3;
  tight.max_evidence_bytes = 16;
  for (const auto& limits : {dxhub::protocol::ValidationLimits{}, tight}) {
    const auto rejection = dxhub::protocol::ValidateEvent(event, limits);
    if (rejection && (rejection->code.empty() || rejection->reason.empty())) {
      dxhub::fuzz::Broken("a rejection without a code or a reason");
    }
    if (!rejection && dxhub::protocol::ComputeEventId(event) != event.event_id()) {
      dxhub::fuzz::Broken("an event accepted with an id its content does not hash to");
    }
  }
  return 0;
}
