// Private to the sim library: one factory per simulated partner (partners_*.cc)
// and small helpers they share. Called once, from AllPartners().
#pragma once

#include "dxhub/sim/partner_profile.h"

namespace dxhub::sim {

PartnerProfile MakeBradfordCouncil();
PartnerProfile MakeBradfordTeachingHospitals();
PartnerProfile MakeBradfordDistrictCareTrust();
PartnerProfile MakeAiredale();
PartnerProfile MakeWestYorkshirePolice();
PartnerProfile MakeWestYorkshireFire();
PartnerProfile MakeUniversityOfBradford();
PartnerProfile MakeVoluntarySector();

// A profile with its identity set: what every factory starts from.
inline PartnerProfile NewPartner(const PartnerIdentity& identity) {
  PartnerProfile p;
  static_cast<PartnerIdentity&>(p) = identity;
  return p;
}

// A staff survey's id prefix and response rate, with the default answer rates.
inline SurveySpec StaffSurvey(std::string_view name, double response_rate) {
  SurveySpec survey;
  survey.name = name;
  survey.response_rate = response_rate;
  return survey;
}

// `count` board seats with the same role and standing.
struct SeatGroup {
  std::string_view role;
  int count = 1;
  bool voting = true;
  bool executive = false;
};

inline std::vector<BoardSeat> Seats(std::initializer_list<SeatGroup> groups) {
  std::vector<BoardSeat> seats;
  for (const SeatGroup& g : groups) {
    for (int k = 0; k < g.count; ++k) seats.push_back({g.role, g.voting, g.executive});
  }
  return seats;
}

// Every grade of the partner.
inline GradeMask AllGrades(const PartnerProfile& p) {
  return p.grades.size() >= 64 ? ~GradeMask{0} : (GradeMask{1} << p.grades.size()) - 1;
}

}  // namespace dxhub::sim
