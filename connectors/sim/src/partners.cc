#include <cstdio>

#include "partners_data.h"

namespace dxhub::sim {
namespace {

// Structural invariants every profile must hold; checked once at start-up.
void Validate(const PartnerProfile& p) {
  SimCheck(!p.grades.empty() && p.grades.size() <= 64, p.org_id);
  for (size_t i = 0; i < p.grades.size(); ++i) {
    const GradeSpec& g = p.grades[i];
    SimCheck(g.feeder < static_cast<int>(i), g.label);  // feeders sit below
    SimCheck(!g.posts.empty() && g.pay_points >= 1 && g.pay_points < 256, g.label);
    SimCheck(g.age_min < g.age_max, g.label);
  }
  SimCheck(!p.units.empty() && p.units.size() < 256, p.org_id);
  for (const Target& t : p.targets) SimCheck(!t.anchors.empty(), t.name);
}

}  // namespace

const std::vector<PartnerProfile>& AllPartners() {
  static const std::vector<PartnerProfile> partners = [] {
    std::vector<PartnerProfile> all;
    all.push_back(MakeBradfordCouncil());
    all.push_back(MakeBradfordTeachingHospitals());
    all.push_back(MakeBradfordDistrictCareTrust());
    all.push_back(MakeAiredale());
    all.push_back(MakeWestYorkshirePolice());
    all.push_back(MakeWestYorkshireFire());
    all.push_back(MakeUniversityOfBradford());
    all.push_back(MakeVoluntarySector());
    for (const PartnerProfile& p : all) Validate(p);
    return all;
  }();
  return partners;
}

const PartnerProfile* FindPartner(std::string_view org_id) {
  for (const PartnerProfile& p : AllPartners()) {
    if (p.org_id == org_id) return &p;
  }
  return nullptr;
}

}  // namespace dxhub::sim
