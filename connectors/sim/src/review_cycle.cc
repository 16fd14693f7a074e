#include "dxhub/sim/review_cycle.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>

namespace dxhub::sim {
namespace {

// FNV-1a: a stable per (org, question) draw, independent of the generator's seed.
uint32_t Draw(std::string_view org, std::string_view question) {
  uint32_t h = 2166136261u;
  for (std::string_view part : {org, std::string_view("/"), question}) {
    for (char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 16777619u;
    }
  }
  return h;
}

// A relative likelihood's level: the closer to 1, the more embedded the practice.
int RatioLevel(double rl) {
  const double distance = std::fabs(std::log(rl));
  if (distance <= std::log(1.10)) return 4;
  if (distance <= std::log(1.25)) return 3;
  if (distance <= std::log(1.60)) return 2;
  return 1;
}

int ShareLevel(double share, double l2, double l3, double l4) {
  return share >= l4 ? 4 : share >= l3 ? 3 : share >= l2 ? 2 : 1;
}

// Qualitative questions: the place's typical level (D1 networks are a shared
// strength, E3 intersectional analysis a shared gap), nudged per partner.
const std::map<std::string, int>& Typical() {
  static const std::map<std::string, int> typical = {{"A1", 2}, {"B1", 2}, {"C3", 2}, {"C4", 2}, {"D1", 3},
                                                     {"D3", 3}, {"E1", 2}, {"E2", 3}, {"E3", 1}, {"E4", 2}};
  return typical;
}

const char* kEvidence[4] = {
    "First steps agreed; the board has asked for a plan and a baseline this year.",
    "A plan is in place and reported to the board once a year; actions are not yet evaluated.",
    "Tracked quarterly by the board with named leads; actions reviewed and adjusted each quarter.",
    "Sustained results over three years; the approach is evaluated and shared with partners at the Diversity Exchange.",
};

const char* kComment[4] = {"Evidence shows early steps only.", "Plan seen; reporting is annual.",
                           "Quarterly tracking confirmed in board papers.", "Sustained results confirmed."};

}  // namespace

const std::vector<std::string>& DemoQuestionIds() {
  static const std::vector<std::string> ids = {"A1", "A2", "A3", "A4", "B1", "B2", "B3", "C1", "C2",
                                               "C3", "C4", "D1", "D2", "D3", "E1", "E2", "E3", "E4"};
  return ids;
}

int TrueLevel(const PartnerProfile& p, const std::string& q) {
  if (q == "A2") return ShareLevel(p.board.bme, 0.10, 0.20, 0.30);
  if (q == "A3") return ShareLevel(1.0 - p.not_stated - p.not_known, 0.90, 0.95, 0.98);
  if (q == "A4") return ShareLevel(1.0 - p.disability_not_declared, 0.70, 0.80, 0.92);
  if (q == "B2") return RatioLevel(p.events.disciplinary_rl);
  if (q == "B3") return RatioLevel(p.events.training_rl);
  if (q == "C1") return RatioLevel(p.events.appointment_rl);
  if (q == "C2") return RatioLevel(p.promotion_rl);
  if (q == "D2") return RatioLevel(p.survey.bme[1] / std::max(0.01, p.survey.white[1]));
  const auto it = Typical().find(q);
  const int typical = it == Typical().end() ? 2 : it->second;
  const uint32_t d = Draw(p.org_id, q) % 5;
  return std::clamp(typical + (d == 0 ? 1 : d == 1 ? -1 : 0), 1, 4);
}

int SelfLevel(const PartnerProfile& p, const std::string& q) {
  // About one rating in four is optimistic by one level.
  return std::min(4, TrueLevel(p, q) + ((Draw(p.org_id, q) >> 8) % 4 == 0 ? 1 : 0));
}

std::string WriteReviewCycle(const std::filesystem::path& out, const std::vector<const PartnerProfile*>& partners) {
  if (partners.size() < 2) return "a review cycle needs at least two partners";
  std::string participants;
  std::string pairs;
  for (size_t i = 0; i < partners.size(); ++i) {
    const PartnerProfile& self = *partners[i];
    const PartnerProfile& reviewed = *partners[(i + 1) % partners.size()];
    participants += (i ? "," : "") + std::string(self.org_id);
    pairs += " --pair " + std::string(self.org_id) + ":" + std::string(reviewed.org_id);
    const auto dir = out / std::string(self.org_id) / "review";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return "cannot create " + dir.string() + ": " + ec.message();
    std::ofstream sa(dir / ("self-assessment-" + std::string(kDemoCycleId) + ".yaml"), std::ios::trunc);
    sa << "# " << self.name << ": self-assessment for peer-review cycle " << kDemoCycleId << " (simulated)\n"
       << "kind: self-assessment\ncycle: " << kDemoCycleId << "\nframework: edi-peer-review-v1\norganisation: "
       << self.org_id << "\ndate: " << kDemoSubmissionDate << "\nratings:\n";
    for (const auto& q : DemoQuestionIds()) {
      const int level = SelfLevel(self, q);
      sa << "  - question: " << q << "\n    level: " << level << "\n    evidence: \"" << kEvidence[level - 1]
         << "\"\n";
    }
    if (!sa.flush()) return "cannot write the self-assessment of " + std::string(self.org_id);
    if (i + 1 == partners.size()) continue;  // the last reviewer never submits: one review is missing
    std::ofstream rv(dir / ("review-" + std::string(kDemoCycleId) + "-" + std::string(reviewed.org_id) + ".yaml"),
                     std::ios::trunc);
    rv << "# " << self.name << ": review of " << reviewed.name << " (simulated)\n"
       << "kind: review\ncycle: " << kDemoCycleId << "\nframework: edi-peer-review-v1\norganisation: "
       << reviewed.org_id << "\ndate: " << kDemoSubmissionDate << "\nratings:\n";
    for (const auto& q : DemoQuestionIds()) {
      const int moderated = TrueLevel(reviewed, q);
      rv << "  - question: " << q << "\n    self_level: " << SelfLevel(reviewed, q)
         << "\n    moderated_level: " << moderated << "\n    comment: \"" << kComment[moderated - 1] << "\"\n";
    }
    if (!rv.flush()) return "cannot write the review by " + std::string(self.org_id);
  }
  std::ofstream cycle(out / "review-cycle.txt", std::ios::trunc);
  cycle << "cycle " << kDemoCycleId << "\ncensus-date " << kDemoCycleCensus << "\nparticipants " << participants
        << "\npairs" << pairs << "\n";
  return cycle.flush() ? "" : "cannot write " + (out / "review-cycle.txt").string();
}

}  // namespace dxhub::sim
