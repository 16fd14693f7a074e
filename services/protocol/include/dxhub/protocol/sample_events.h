// Valid example events for tests, benchmarks and the protocol docs: each call
// builds a complete event with its id assigned. Deterministic; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "dxhub/event/v1/event.pb.h"

namespace dxhub::protocol {

// A pseudonymous key "v1:<hex>" derived from `seed` (not from any real identifier).
std::string SampleKey(const std::string& seed);

// A staff-record join for person number `n` of `org_id`, effective `yyyy_mm_dd`.
dxhub::event::v1::Event SampleStaffRecord(const std::string& org_id, uint64_t n,
                                          const std::string& yyyy_mm_dd = "2023-03-31");

}  // namespace dxhub::protocol
