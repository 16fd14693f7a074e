// West Yorkshire Police: officer ranks (40 hours), police staff scales and
// PCSOs. Constables grow with the national uplift; sergeants are made only by
// promotion, so their target also steers who is promoted. The chief officer
// team is scripted so the report's small numbers (2 women of 7; ethnically
// diverse 2 of 7, then 1 of the 5 who declared) come out exactly.
#include "partners_data.h"

namespace dxhub::sim {
namespace {

constexpr Post kConstable[] = {{"Police Officer", "Response Officer", 45},
                               {"Police Officer", "Neighbourhood Officer", 30},
                               {"Police Officer", "Detective Constable", 25}};
constexpr Post kSergeant[] = {{"Police Officer", "Response Sergeant", 45},
                              {"Police Officer", "Custody Sergeant", 20},
                              {"Police Officer", "Detective Sergeant", 35}};
constexpr Post kInspector[] = {{"Police Officer", "Neighbourhood Inspector", 50},
                               {"Police Officer", "Detective Inspector", 50}};
constexpr Post kChiefInspector[] = {{"Police Officer", "Chief Inspector", 1}};
constexpr Post kSuperintendent[] = {{"Police Officer", "Superintendent", 1}};
constexpr Post kChiefSuperintendent[] = {{"Police Officer", "District Commander", 1}};
constexpr Post kAcc[] = {{"Police Officer", "Assistant Chief Constable", 1}};
constexpr Post kDcc[] = {{"Police Officer", "Deputy Chief Constable", 1}};
constexpr Post kCc[] = {{"Police Officer", "Chief Constable", 1}};
constexpr Post kPcso[] = {{"PCSO", "Police Community Support Officer", 1}};
constexpr Post kStaffJunior[] = {{"Police Staff", "Call Handler", 40},
                                 {"Police Staff", "Administrator", 35},
                                 {"Police Staff", "Detention Officer", 25}};
constexpr Post kStaffMiddle[] = {{"Police Staff", "Investigation Officer", 35},
                                 {"Police Staff", "Analyst", 25},
                                 {"Police Staff", "HR Advisor", 20},
                                 {"Police Staff", "Finance Officer", 20}};
constexpr Post kStaffSenior[] = {{"Police Staff", "Manager", 70},
                                 {"Police Staff", "Head of Department", 30}};

GradeSpec Rank(std::string_view label, Tier tier, int headcount, double min_hourly,
               double max_hourly, int points, double female, double bme_weight, int age_min,
               std::span<const Post> posts) {
  return GradeSpec{.label = label,
                   .tier = tier,
                   .headcount = headcount,
                   .growth = 0.003,
                   .min_hourly = min_hourly,
                   .max_hourly = max_hourly,
                   .pay_points = points,
                   .internal_fill = 1.0,
                   .leave_rate = 0.02,
                   .female = female,
                   .bme_weight = bme_weight,
                   .part_time = 0.05,
                   .fixed_term = 0.0,
                   .age_min = age_min,
                   .age_max = 57,
                   .posts = posts};
}

GradeSpec ChiefOfficer(std::string_view label, double hourly, std::span<const Post> posts) {
  return GradeSpec{.label = label,
                   .tier = Tier::kExecutive,
                   .min_hourly = hourly,
                   .max_hourly = hourly,
                   .part_time = 0.0,
                   .fixed_term = 0.0,
                   .age_min = 45,
                   .age_max = 58,
                   .posts = posts,
                   .scripted = true};
}

GradeSpec StaffGrade(std::string_view label, Tier tier, int headcount, double min_hourly,
                     double max_hourly, double bme_weight, std::span<const Post> posts) {
  return GradeSpec{.label = label,
                   .tier = tier,
                   .headcount = headcount,
                   .growth = 0.002,
                   .min_hourly = min_hourly,
                   .max_hourly = max_hourly,
                   .pay_points = 3,
                   .internal_fill = 0.2,
                   .leave_rate = 0.025,
                   .female = 0.6,
                   .bme_weight = bme_weight,
                   .part_time = 0.2,
                   .fixed_term = 0.05,
                   .age_min = 18,
                   .age_max = 64,
                   .posts = posts};
}

}  // namespace

PartnerProfile MakeWestYorkshirePolice() {
  PartnerProfile p = NewPartner({.org_id = "WYP",
                                 .name = "West Yorkshire Police",
                                 .sector = Sector::kPolice,
                                 .shape = ExtractShape::kPolice,
                                 .vocabulary = Vocabulary::kOns2021,
                                 .staff_number_prefix = "WY",
                                 .weekly_hours = 40.0});
  p.grades = {
      Rank("Constable", Tier::kCore, 4480, 10.26, 19.72, 7, 0.36, 1.0, 19, kConstable),
      Rank("Sergeant", Tier::kMiddle, 862, 21.08, 21.69, 2, 0.28, 0.8, 27, kSergeant),
      Rank("Inspector", Tier::kMiddle, 250, 24.99, 26.91, 2, 0.27, 0.7, 30, kInspector),
      Rank("Chief Inspector", Tier::kMiddle, 75, 27.61, 28.62, 2, 0.25, 0.7, 33, kChiefInspector),
      Rank("Superintendent", Tier::kSenior, 30, 32.36, 39.26, 4, 0.25, 0.6, 36, kSuperintendent),
      Rank("Chief Superintendent", Tier::kSenior, 14, 40.84, 42.33, 2, 0.25, 0.6, 38,
           kChiefSuperintendent),
      ChiefOfficer("Assistant Chief Constable", 56.40, kAcc),
      ChiefOfficer("Deputy Chief Constable", 67.10, kDcc),
      ChiefOfficer("Chief Constable", 89.60, kCc),
      StaffGrade("PCSO", Tier::kCore, 550, 10.07, 11.75, 1.6, kPcso),
      StaffGrade("Scale 1", Tier::kCore, 150, 9.30, 9.60, 1.3, kStaffJunior),
      StaffGrade("Scale 2", Tier::kCore, 350, 9.70, 10.10, 1.3, kStaffJunior),
      StaffGrade("Scale 3", Tier::kCore, 700, 10.30, 11.00, 1.25, kStaffJunior),
      StaffGrade("Scale 4", Tier::kCore, 750, 11.20, 12.10, 1.2, kStaffJunior),
      StaffGrade("Scale 5", Tier::kCore, 600, 12.30, 13.40, 1.1, kStaffMiddle),
      StaffGrade("Scale 6", Tier::kCore, 450, 13.60, 14.80, 1.0, kStaffMiddle),
      StaffGrade("SO1", Tier::kCore, 300, 15.10, 16.40, 0.9, kStaffMiddle),
      StaffGrade("SO2", Tier::kCore, 200, 16.70, 18.00, 0.9, kStaffMiddle),
      StaffGrade("PO1", Tier::kMiddle, 150, 18.30, 19.70, 0.8, kStaffMiddle),
      StaffGrade("PO2", Tier::kMiddle, 100, 20.00, 21.50, 0.75, kStaffMiddle),
      StaffGrade("PO3", Tier::kMiddle, 70, 21.90, 23.50, 0.7, kStaffSenior),
      StaffGrade("PO4", Tier::kSenior, 40, 24.00, 25.80, 0.6, kStaffSenior),
      StaffGrade("PO5", Tier::kSenior, 20, 26.50, 28.50, 0.55, kStaffSenior),
      StaffGrade("Senior Manager", Tier::kSenior, 15, 31.00, 40.00, 0.5, kStaffSenior),
  };
  GradeSpec& constable = p.grades[0];
  constable.growth = 0.012;  // the Police Uplift Programme
  constable.internal_fill = 0.0;
  constable.leave_rate = 0.018;
  constable.part_time = 0.08;
  constable.age_max = 50;
  for (size_t i = 1; i <= 5; ++i) p.grades[i].feeder = static_cast<int>(i) - 1;
  p.grades[4].internal_fill = 0.9;
  p.grades[5].internal_fill = 0.9;
  for (size_t i = 11; i < p.grades.size(); ++i) p.grades[i].feeder = static_cast<int>(i) - 1;
  p.grades[9].leave_rate = 0.04;  // PCSOs: many leave to become constables
  p.grades[9].growth = 0.0;
  p.units = {"Bradford District",
             "Calderdale District",
             "Kirklees District",
             "Leeds District",
             "Wakefield District",
             "Specialist Operations",
             "Crime",
             "Corporate Services"};
  p.pay_awards = {{2022, 5.0}, {2023, 7.0}};
  p.bme_base = 0.09;
  p.not_stated = 0.02;            // "Prefer not to say"
  p.not_known = 0.01;             // blank
  p.declares_per_quarter = 0.05;  // the "Safe to Say" campaign
  p.disabled = 0.04;
  p.disability_not_declared = 0.15;
  p.promotion_rl = 1.3;
  p.targets = {
      {"constable_bme",
       {.grades = p.Grades({"Constable"})},
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 6.7}, {{2023, 3, 31}, 9.0, 433}}},  // report
      {"sergeant_bme",
       {.grades = p.Grades({"Sergeant"})},
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 5.5}, {{2023, 3, 31}, 7.2, 62}},
       true},  // report
  };
  // 2021: 7 chief officers, 2 women, 2 ethnically diverse. Two ACCs leave in
  // 2022; one successor prefers not to say, the other's ethnicity is blank.
  const Date q2_2022{2022, 6, 30};
  const Date q4_2022{2022, 12, 31};
  using E = EthnicGroup;
  const auto officer = [](std::string_view rank, Sex sex, EthnicGroup group,
                          Declaration declaration = Declaration::kDeclared,
                          std::optional<Date> joins = {}, std::optional<Date> leaves = {}) {
    return ScriptedPerson{rank, sex, group, declaration, joins, leaves};
  };
  const std::string_view acc = "Assistant Chief Constable";
  p.script = {
      officer("Chief Constable", Sex::kMale, E::kWhiteBritish),
      officer("Deputy Chief Constable", Sex::kFemale, E::kWhiteBritish),
      officer(acc, Sex::kFemale, E::kAsianIndian),
      officer(acc, Sex::kMale, E::kAsianPakistani, Declaration::kDeclared, {}, q2_2022),
      officer(acc, Sex::kMale, E::kWhiteIrish, Declaration::kDeclared, {}, q4_2022),
      officer(acc, Sex::kMale, E::kWhiteBritish),
      officer(acc, Sex::kMale, E::kWhiteBritish),
      officer(acc, Sex::kMale, E::kWhiteBritish, Declaration::kNotStated, q2_2022),
      officer(acc, Sex::kMale, E::kBlackCaribbean, Declaration::kNotKnown, q4_2022),
  };
  p.events = {.applicants_bme = 0.22,
              .appointment_rl = 1.5,
              .disciplinary_per_year = 0.012,
              .disciplinary_rl = 1.5,
              .training_per_quarter = 0.06};
  p.board = {.seats = Seats({{"Deputy Mayor for Policing and Crime"},
                             {"Police and Crime Panel Member", 4},
                             {"Independent Member"},
                             {"Chief Finance Officer", 1, false, true},
                             {"Director of People", 1, false, true}}),
             .bme = 0.2,
             .female = 0.4};
  p.survey = StaffSurvey("wyp-staff-survey", 0.3);
  p.published_targets = {
      {"wyp-officer-bme", "representation_bme", "police_officers", 12.0, {2025, 3, 31}},
      {"wyp-officer-female", "representation_female", "police_officers", 40.0, {2025, 3, 31}}};
  p.cohort1_grades = p.Grades({"Chief Inspector", "Superintendent"});
  p.cohort2_grades = p.Grades({"Sergeant", "Inspector"});
  return p;
}

}  // namespace dxhub::sim
