#include "dxhub/sim/programme.h"

#include <algorithm>

#include "dxhub/sim/rng.h"

namespace dxhub::sim {
namespace {

constexpr std::array<std::string_view, 6> kTrialOrganisations = {"BMDC", "BTHFT", "BDCFT",
                                                                 "WYP",  "WYFRS", "UOB"};
// Places per cohort that do not move up within 12 months (about 20%).
constexpr std::array<int, 2> kNotPromoted = {2, 6};

}  // namespace

const std::array<CohortSpec, 2>& Cohorts() {
  static const std::array<CohortSpec, 2> cohorts = {{
      {"cohort-1", "place-inclusive-leadership", 2, {2021, 9, 30}, {2021, 10, 4}, {2022, 9, 30}},
      {"cohort-2", "place-inclusive-leadership", 5, {2021, 12, 31}, {2022, 1, 10}, {2022, 9, 30}},
  }};
  return cohorts;
}

bool IsTrialOrganisation(std::string_view org_id) {
  return std::find(kTrialOrganisations.begin(), kTrialOrganisations.end(), org_id) !=
         kTrialOrganisations.end();
}

std::vector<ProgrammeSlot> ProgrammeSlotsFor(std::string_view org_id, uint64_t seed) {
  const auto position = std::find(kTrialOrganisations.begin(), kTrialOrganisations.end(), org_id);
  if (position == kTrialOrganisations.end()) return {};
  const size_t org_index = static_cast<size_t>(position - kTrialOrganisations.begin());
  Rng rng = Rng(seed).Fork("programme-plan");
  std::vector<ProgrammeSlot> mine;
  for (size_t c = 0; c < Cohorts().size(); ++c) {
    const int per_org = Cohorts()[c].places_per_org;
    const size_t total = static_cast<size_t>(per_org) * kTrialOrganisations.size();
    // Plan every place of the cohort (same draws whatever org asks), keep ours.
    std::vector<ProgrammeSlot> all(total);
    for (ProgrammeSlot& slot : all) {
      slot.cohort = static_cast<int>(c);
      slot.promoted_at = rng.Chance(0.5) ? Date{2023, 6, 30} : Date{2023, 9, 30};
    }
    for (int k = 0; k < kNotPromoted[c];) {
      ProgrammeSlot& slot = all[rng.Below(total)];
      if (!slot.promoted_at) continue;
      slot.promoted_at.reset();
      if (c == 1 && k == 0) {
        slot.status = ProgrammeStatus::kWithdrawn;
        slot.withdrawn_on = Date{2022, 5, 16};
      }
      ++k;
    }
    const size_t first = org_index * static_cast<size_t>(per_org);
    mine.insert(mine.end(), all.begin() + static_cast<std::ptrdiff_t>(first),
                all.begin() + static_cast<std::ptrdiff_t>(first + static_cast<size_t>(per_org)));
  }
  return mine;
}

}  // namespace dxhub::sim
