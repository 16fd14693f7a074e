#include "dxhub/sim/partner_profile.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "dxhub/sim/person.h"

namespace dxhub::sim {

void SimCheck(bool ok, std::string_view message) {
  if (ok) return;
  std::fprintf(stderr, "dxhub::sim internal error: %.*s\n", static_cast<int>(message.size()),
               message.data());
  std::abort();
}

std::string_view SectorName(Sector sector) {
  switch (sector) {
    case Sector::kNhs:
      return "nhs";
    case Sector::kLocalAuthority:
      return "local_authority";
    case Sector::kPolice:
      return "police";
    case Sector::kFire:
      return "fire";
    case Sector::kHigherEducation:
      return "higher_education";
    case Sector::kVcs:
      return "vcs";
  }
  return "vcs";
}

std::string_view TierName(Tier tier) {
  switch (tier) {
    case Tier::kExecutive:
      return "EXECUTIVE";
    case Tier::kSenior:
      return "SENIOR";
    case Tier::kMiddle:
      return "MIDDLE";
    case Tier::kCore:
      return "CORE";
  }
  return "CORE";
}

int PartnerProfile::GradeIndex(std::string_view label) const {
  for (size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].label == label) return static_cast<int>(i);
  }
  SimCheck(false, label);
  return -1;
}

GradeMask PartnerProfile::Grades(std::initializer_list<std::string_view> labels) const {
  GradeMask mask = 0;
  for (const std::string_view label : labels) mask |= GradeMask{1} << GradeIndex(label);
  return mask;
}

int PartnerProfile::PromotesTo(int grade) const {
  for (size_t i = 0; i < grades.size(); ++i) {
    if (grades[i].feeder == grade) return static_cast<int>(i);
  }
  return -1;
}

double PartnerProfile::AwardFactor(Date date) const {
  double factor = 1.0;
  for (const PayAward& award : pay_awards) {
    if (date >= Date{award.year, 4, 1}) factor *= 1.0 + award.percent / 100.0;
  }
  return factor;
}

double HourlyPay(const PartnerProfile& profile, const Person& person, Date date) {
  const GradeSpec& grade = profile.grades[person.grade];
  double base = grade.min_hourly;
  if (grade.pay_points > 1) {
    base += (grade.max_hourly - grade.min_hourly) * person.pay_point / (grade.pay_points - 1);
  }
  return std::round(base * profile.AwardFactor(date) * 100.0) / 100.0;
}

}  // namespace dxhub::sim
