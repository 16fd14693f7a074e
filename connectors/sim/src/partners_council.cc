// Bradford Council (excluding schools): NJC-style grades GR01..GR13 on 37 hours,
// senior management SM01..SM03, assistant and strategic directors and the chief
// executive. "Senior" is the top 5% of earners, so the targets are steered over
// the top-earner set computed with dxhub::stats::TopEarners.
#include "partners_data.h"

namespace dxhub::sim {
namespace {

constexpr Post kGr01[] = {{"Facilities", "Cleaner", 60}, {"Facilities", "Catering Assistant", 40}};
constexpr Post kGr02[] = {{"Social Care", "Care Assistant", 50},
                          {"Facilities", "Cleaner", 25},
                          {"Transport", "Passenger Assistant", 25}};
constexpr Post kGr03[] = {{"Social Care", "Care Assistant", 45},
                          {"Business Support", "Administrative Assistant", 30},
                          {"Environment", "Refuse Loader", 25}};
constexpr Post kGr04[] = {{"Business Support", "Business Support Officer", 40},
                          {"Environment", "Refuse Driver", 30},
                          {"Culture", "Library Assistant", 30}};
constexpr Post kGr05[] = {{"Business Support", "Business Support Officer", 35},
                          {"Social Care", "Senior Care Worker", 35},
                          {"Customer Services", "Customer Service Officer", 30}};
constexpr Post kGr06[] = {{"Technical", "Technical Officer", 50},
                          {"Children's Services", "Family Support Worker", 50}};
constexpr Post kGr07[] = {{"Professional", "Officer", 60},
                          {"Regulatory", "Environmental Health Technician", 40}};
constexpr Post kGr08[] = {{"Social Work", "Social Worker", 55},
                          {"Planning", "Planning Officer", 45}};
constexpr Post kGr09[] = {{"Social Work", "Social Worker", 55}, {"Finance", "Accountant", 45}};
constexpr Post kGr10[] = {{"Social Work", "Senior Social Worker", 50},
                          {"Professional", "Principal Officer", 50}};
constexpr Post kGr11[] = {{"Management", "Team Manager", 60},
                          {"Professional", "Principal Officer", 40}};
constexpr Post kGr12[] = {{"Management", "Service Manager", 60},
                          {"Technical", "Principal Engineer", 40}};
constexpr Post kGr13[] = {{"Management", "Service Manager", 70}, {"Legal", "Senior Solicitor", 30}};
constexpr Post kHeadOfService[] = {{"Management", "Head of Service", 1}};
constexpr Post kAssistantDirector[] = {{"Management", "Assistant Director", 1}};
constexpr Post kStrategicDirector[] = {{"Management", "Strategic Director", 1}};
constexpr Post kChiefExecutive[] = {{"Management", "Chief Executive", 1}};

GradeSpec CouncilGrade(std::string_view label, int headcount, double min_hourly, double max_hourly,
                       int points, double part_time, double female, double bme_weight,
                       std::span<const Post> posts) {
  return GradeSpec{.label = label,
                   .headcount = headcount,
                   .growth = 0.002,
                   .min_hourly = min_hourly,
                   .max_hourly = max_hourly,
                   .pay_points = points,
                   .female = female,
                   .bme_weight = bme_weight,
                   .part_time = part_time,
                   .fixed_term = 0.06,
                   .age_min = 18,
                   .age_max = 64,
                   .posts = posts};
}

}  // namespace

PartnerProfile MakeBradfordCouncil() {
  PartnerProfile p = NewPartner({.org_id = "BMDC",
                                 .name = "City of Bradford Metropolitan District Council",
                                 .sector = Sector::kLocalAuthority,
                                 .shape = ExtractShape::kCouncilPayroll,
                                 .vocabulary = Vocabulary::kOns2021,
                                 .staff_number_prefix = "E",
                                 .weekly_hours = 37.0});
  p.grades = {
      CouncilGrade("GR01", 600, 9.25, 9.30, 2, 0.75, 0.75, 1.3, kGr01),
      CouncilGrade("GR02", 900, 9.30, 9.50, 2, 0.70, 0.70, 1.3, kGr02),
      CouncilGrade("GR03", 1100, 9.55, 10.10, 3, 0.60, 0.66, 1.25, kGr03),
      CouncilGrade("GR04", 1000, 10.20, 11.00, 4, 0.45, 0.62, 1.1, kGr04),
      CouncilGrade("GR05", 900, 11.10, 12.30, 4, 0.35, 0.66, 1.05, kGr05),
      CouncilGrade("GR06", 850, 12.50, 13.90, 4, 0.30, 0.66, 1.0, kGr06),
      CouncilGrade("GR07", 750, 14.10, 15.70, 4, 0.25, 0.62, 0.95, kGr07),
      CouncilGrade("GR08", 600, 15.90, 17.60, 4, 0.20, 0.66, 0.9, kGr08),
      CouncilGrade("GR09", 450, 17.90, 19.60, 4, 0.15, 0.60, 0.85, kGr09),
      CouncilGrade("GR10", 330, 20.00, 21.70, 4, 0.12, 0.58, 0.75, kGr10),
      CouncilGrade("GR11", 220, 22.10, 23.90, 6, 0.10, 0.56, 0.7, kGr11),
      CouncilGrade("GR12", 140, 24.30, 26.30, 8, 0.08, 0.54, 0.65, kGr12),
      CouncilGrade("GR13", 90, 26.80, 29.00, 8, 0.06, 0.52, 0.6, kGr13),
      CouncilGrade("SM01", 50, 30.00, 32.50, 3, 0.03, 0.5, 0.6, kHeadOfService),
      CouncilGrade("SM02", 30, 33.50, 36.50, 3, 0.03, 0.5, 0.55, kHeadOfService),
      CouncilGrade("SM03", 18, 37.50, 41.00, 3, 0.0, 0.5, 0.5, kHeadOfService),
      CouncilGrade("AD", 25, 44.00, 52.00, 3, 0.0, 0.5, 0.5, kAssistantDirector),
      CouncilGrade("SD", 6, 65.00, 75.00, 3, 0.0, 0.5, 0.5, kStrategicDirector),
      CouncilGrade("CX", 1, 98.00, 98.00, 1, 0.0, 0.5, 0.5, kChiefExecutive),
  };
  // Senior posts are mostly advertised externally, which also gives the
  // top-5% targets enough new post-holders to steer each quarter.
  constexpr double kInternalFill[] = {0.0, 0.15, 0.15, 0.15, 0.15, 0.3,  0.3,  0.3,  0.3, 0.4,
                                      0.4, 0.2,  0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.0};
  for (size_t i = 0; i < p.grades.size(); ++i) {
    GradeSpec& g = p.grades[i];
    g.feeder = static_cast<int>(i) - 1;
    g.internal_fill = kInternalFill[i];
    g.leave_rate = i < 3 ? 0.035 : (i >= 11 ? 0.02 : 0.025);
    if (i >= 9) g.fixed_term = 0.03;
    if (i >= 9) g.age_min = 25;
    g.tier = i >= 16 ? Tier::kExecutive
                     : (i >= 13 ? Tier::kSenior : (i >= 9 ? Tier::kMiddle : Tier::kCore));
  }
  p.units = {"Children's Services", "Health and Adult Social Care", "Place", "Corporate Resources",
             "Chief Executive's Office"};
  p.pay_awards = {{2021, 1.75}, {2022, 6.0}, {2023, 6.0}};
  p.bme_base = 0.28;
  p.not_stated = 0.06;
  p.not_known = 0.02;
  p.declares_per_quarter = 0.02;
  p.disabled = 0.05;
  p.disability_not_declared = 0.2;
  const Membership top_earners{.kind = Membership::Kind::kTopEarners, .top_share = 0.05};
  const Membership all{.grades = AllGrades(p)};
  p.targets = {
      {"top_5_percent_bme",
       top_earners,
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 18.2}, {{2023, 3, 31}, 22.2}}},  // report
      {"top_5_percent_female",
       top_earners,
       Attribute::kFemale,
       {{{2021, 3, 31}, 49.0}, {{2023, 3, 31}, 50.7}}},  // 2021 assumed, 2023 report
      {"workforce_bme",
       all,
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 27.4}, {{2023, 3, 31}, 28.7}}},  // 2021 assumed, 2023 report
  };
  p.events = {.applicants_bme = 0.4,
              .appointment_rl = 1.6,
              .disciplinary_per_year = 0.012,
              .disciplinary_rl = 1.5};
  p.board = {.seats = Seats({{"Leader of the Council"},
                             {"Deputy Leader"},
                             {"Portfolio Holder", 5},
                             {"Chief Executive", 1, false, true},
                             {"Strategic Director", 2, false, true}}),
             .bme = 0.35,
             .female = 0.5};
  p.survey = StaffSurvey("bmdc-staff-survey", 0.35);
  p.published_targets = {
      {"bmdc-workforce-bme", "representation_bme", "workforce", 33.0, {2025, 3, 31}},
      {"bmdc-top5-female", "representation_female", "top_5_percent_earners", 65.0, {2025, 3, 31}}};
  p.cohort1_grades = p.Grades({"GR12", "GR13", "SM01"});
  p.cohort2_grades = p.Grades({"GR08", "GR09", "GR10"});
  return p;
}

}  // namespace dxhub::sim
