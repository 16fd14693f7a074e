// The two leadership-programme cohorts of the report (Action 1): 12 established
// leaders and 30 aspiring first/second-tier managers, with places spread over
// the six trial organisations, and what happens to each place afterwards
// (about 80% move to a higher grade 6-12 months after completion). The plan is
// a pure function of the seed, so generating a subset of partners gives each
// the same places as a full run. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "dxhub/sim/civil_date.h"

namespace dxhub::sim {

struct CohortSpec {
  std::string_view id;         // "cohort-1"
  std::string_view programme;  // programme identifier
  int places_per_org = 0;
  Date selected_at;  // census at which participants are chosen
  Date start;
  Date completion;
};

const std::array<CohortSpec, 2>& Cohorts();

// Bradford Council, the Teaching Hospitals, the Care Trust, the Police, the
// Fire and Rescue Service and the University (report 4.2.3).
bool IsTrialOrganisation(std::string_view org_id);

enum class ProgrammeStatus : uint8_t { kCompleted, kWithdrawn };

// One place on a cohort and its outcome.
struct ProgrammeSlot {
  int cohort = 0;  // index into Cohorts()
  ProgrammeStatus status = ProgrammeStatus::kCompleted;
  Date withdrawn_on;                // when status is kWithdrawn
  std::optional<Date> promoted_at;  // census by which the person moved up a grade
};

// The places of one organisation, in a fixed order; empty for non-trial ones.
std::vector<ProgrammeSlot> ProgrammeSlotsFor(std::string_view org_id, uint64_t seed);

// A place taken by a member of staff.
struct Participant {
  uint32_t serial = 0;
  ProgrammeSlot slot;
};

}  // namespace dxhub::sim
