// The simulated partners' peer-review cycle for the demo (issue 16): each
// partner's self-assessment against framework edi-peer-review-v1 and its
// review of the next partner (a ring), as the YAML files a partner drops in
// its connector's review folder. Levels follow each partner's simulated
// indicators (declaration, WRES relative likelihoods, board and survey
// parameters); some self-ratings are optimistic and the peer moderates them
// down; the last partner's reviewer never submits, so one review is missing.
// Deterministic: the same partners give byte-identical files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "dxhub/sim/partner_profile.h"

namespace dxhub::sim {

inline constexpr const char* kDemoCycleId = "2023-pilot";
inline constexpr const char* kDemoCycleCensus = "2023-03-31";
inline constexpr const char* kDemoSubmissionDate = "2023-06-30";

// The question ids of deploy/frameworks/edi-peer-review-v1.yaml, in file order.
const std::vector<std::string>& DemoQuestionIds();

// The peer-moderated ("true") level of `question` for `partner`, 1..4.
int TrueLevel(const PartnerProfile& partner, const std::string& question);
// The partner's own, sometimes optimistic, level.
int SelfLevel(const PartnerProfile& partner, const std::string& question);

// Writes OUT/<ORG>/review/self-assessment-<cycle>.yaml for every partner,
// OUT/<ORG>/review/review-<cycle>-<REVIEWED>.yaml for every reviewer but the
// last, and OUT/review-cycle.txt (participants and pairings for
// `dxctl review open`). Returns "" or the error.
std::string WriteReviewCycle(const std::filesystem::path& out, const std::vector<const PartnerProfile*>& partners);

}  // namespace dxhub::sim
