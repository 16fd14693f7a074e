// The partners without published calibration figures: West Yorkshire Fire and
// Rescue (ranks and support grades), the University of Bradford (grades 1-10,
// professorial, senior management, executive) and a small voluntary-sector
// employer. Their characteristics follow grade rates rather than targets.
#include "partners_data.h"

namespace dxhub::sim {
namespace {

// A grade on a simple ladder: promoted from the grade listed before it.
GradeSpec Step(std::string_view label, Tier tier, int headcount, double min_hourly,
               double max_hourly, int points, double internal_fill, double female,
               double bme_weight, double part_time, std::span<const Post> posts) {
  return GradeSpec{.label = label,
                   .tier = tier,
                   .headcount = headcount,
                   .growth = 0.002,
                   .min_hourly = min_hourly,
                   .max_hourly = max_hourly,
                   .pay_points = points,
                   .internal_fill = internal_fill,
                   .female = female,
                   .bme_weight = bme_weight,
                   .part_time = part_time,
                   .age_min = 19,
                   .age_max = 64,
                   .posts = posts};
}

// Links each grade to the one before it, except where a new ladder starts.
void ChainFeeders(PartnerProfile& p, std::initializer_list<std::string_view> ladder_starts) {
  for (size_t i = 1; i < p.grades.size(); ++i) {
    bool starts = false;
    for (const std::string_view label : ladder_starts) starts |= p.grades[i].label == label;
    if (!starts) p.grades[i].feeder = static_cast<int>(i) - 1;
  }
}

constexpr Post kFirefighter[] = {{"Wholetime", "Firefighter", 80},
                                 {"On-Call", "On-Call Firefighter", 20}};
constexpr Post kCrew[] = {{"Wholetime", "Crew Manager", 1}};
constexpr Post kWatch[] = {{"Wholetime", "Watch Manager", 1}};
constexpr Post kStation[] = {{"Wholetime", "Station Manager", 1}};
constexpr Post kGroup[] = {{"Wholetime", "Group Manager", 1}};
constexpr Post kArea[] = {{"Wholetime", "Area Manager", 1}};
constexpr Post kPrincipal[] = {{"Principal Officer", "Principal Officer", 1}};
constexpr Post kFireStaff[] = {{"Support Staff", "Administrator", 35},
                               {"Support Staff", "Fire Control Operator", 35},
                               {"Support Staff", "ICT Officer", 30}};
constexpr Post kFireManager[] = {{"Support Staff", "Manager", 1}};

constexpr Post kUni1[] = {{"Professional Services", "Cleaner", 60},
                          {"Professional Services", "Catering Assistant", 40}};
constexpr Post kUni2[] = {{"Professional Services", "Library Assistant", 50},
                          {"Professional Services", "Security Officer", 50}};
constexpr Post kUni3[] = {{"Professional Services", "Administrative Assistant", 60},
                          {"Professional Services", "Technician", 40}};
constexpr Post kUni5[] = {{"Professional Services", "Senior Administrator", 60},
                          {"Professional Services", "Technician", 40}};
constexpr Post kUni6[] = {{"Academic", "Research Assistant", 40},
                          {"Professional Services", "Officer", 60}};
constexpr Post kUni7[] = {{"Academic", "Lecturer", 50},
                          {"Academic", "Research Fellow", 20},
                          {"Professional Services", "Manager", 30}};
constexpr Post kUni8[] = {{"Academic", "Lecturer", 55},
                          {"Academic", "Senior Research Fellow", 15},
                          {"Professional Services", "Senior Manager", 30}};
constexpr Post kUni9[] = {{"Academic", "Senior Lecturer", 70},
                          {"Professional Services", "Head of Service", 30}};
constexpr Post kUni10[] = {{"Academic", "Associate Professor", 70},
                           {"Professional Services", "Director of Service", 30}};
constexpr Post kProfessor[] = {{"Academic", "Professor", 1}};
constexpr Post kUniSenior[] = {{"Academic", "Dean of Faculty", 40},
                               {"Professional Services", "Director", 60}};
constexpr Post kUniExec[] = {{"Academic", "Pro-Vice-Chancellor", 70},
                             {"Professional Services", "Registrar and Secretary", 15},
                             {"Professional Services", "Chief Financial Officer", 15}};

constexpr Post kSessional[] = {{"Delivery", "Sessional Youth Worker", 50},
                               {"Delivery", "Sessional Tutor", 50}};
constexpr Post kVcsAdmin[] = {{"Support", "Administrator", 70},
                              {"Support", "Finance Assistant", 30}};
constexpr Post kProjectWorker[] = {{"Delivery", "Project Worker", 70},
                                   {"Delivery", "Volunteer Coordinator", 30}};
constexpr Post kSeniorWorker[] = {{"Delivery", "Senior Project Worker", 1}};
constexpr Post kVcsManager[] = {{"Management", "Service Manager", 1}};
constexpr Post kChiefOfficer[] = {{"Management", "Chief Officer", 1}};

}  // namespace

PartnerProfile MakeWestYorkshireFire() {
  PartnerProfile p = NewPartner({.org_id = "WYFRS",
                                 .name = "West Yorkshire Fire and Rescue Service",
                                 .sector = Sector::kFire,
                                 .shape = ExtractShape::kGeneric,
                                 .vocabulary = Vocabulary::kOns2021,
                                 .staff_number_prefix = "F",
                                 .weekly_hours = 42.0});
  using T = Tier;
  p.grades = {
      Step("Firefighter", T::kCore, 700, 11.05, 14.72, 3, 0.0, 0.09, 1.0, 0.18, kFirefighter),
      Step("Crew Manager", T::kCore, 170, 15.65, 16.32, 2, 0.95, 0.06, 0.9, 0.05, kCrew),
      Step("Watch Manager", T::kMiddle, 140, 16.68, 18.25, 2, 0.95, 0.06, 0.8, 0.0, kWatch),
      Step("Station Manager", T::kMiddle, 45, 18.97, 20.43, 2, 0.9, 0.1, 0.7, 0.0, kStation),
      Step("Group Manager", T::kSenior, 15, 22.06, 24.01, 2, 0.85, 0.1, 0.6, 0.0, kGroup),
      Step("Area Manager", T::kSenior, 6, 25.10, 27.40, 2, 0.8, 0.15, 0.5, 0.0, kArea),
      Step("Assistant Chief Fire Officer", T::kExecutive, 2, 31.0, 33.0, 2, 0.7, 0.2, 0.5, 0.0,
           kPrincipal),
      Step("Deputy Chief Fire Officer", T::kExecutive, 1, 36.0, 36.0, 1, 0.6, 0.2, 0.5, 0.0,
           kPrincipal),
      Step("Chief Fire Officer", T::kExecutive, 1, 42.0, 42.0, 1, 0.5, 0.2, 0.5, 0.0, kPrincipal),
      Step("Grade 3", T::kCore, 60, 9.60, 10.20, 2, 0.0, 0.7, 1.4, 0.35, kFireStaff),
      Step("Grade 4", T::kCore, 80, 10.40, 11.20, 3, 0.2, 0.7, 1.4, 0.3, kFireStaff),
      Step("Grade 5", T::kCore, 80, 11.40, 12.50, 3, 0.2, 0.65, 1.3, 0.25, kFireStaff),
      Step("Grade 6", T::kCore, 60, 12.80, 14.20, 3, 0.25, 0.6, 1.2, 0.2, kFireStaff),
      Step("Grade 7", T::kCore, 40, 14.50, 16.30, 3, 0.3, 0.55, 1.1, 0.15, kFireStaff),
      Step("Grade 8", T::kMiddle, 25, 16.70, 18.90, 3, 0.35, 0.5, 1.0, 0.1, kFireManager),
      Step("Grade 9", T::kMiddle, 12, 19.30, 22.00, 3, 0.4, 0.5, 0.9, 0.05, kFireManager),
      Step("Senior Manager", T::kSenior, 5, 24.00, 30.00, 3, 0.4, 0.45, 0.8, 0.0, kFireManager),
  };
  ChainFeeders(p, {"Grade 3"});
  for (size_t i = 0; i <= 8; ++i) p.grades[i].leave_rate = 0.018;
  p.grades[0].age_max = 50;
  p.units = {"Bradford District", "Calderdale District", "Kirklees District",
             "Leeds District",    "Wakefield District",  "Service Headquarters"};
  p.pay_awards = {{2021, 1.5}, {2022, 7.0}, {2023, 5.0}};
  p.bme_base = 0.065;
  p.not_stated = 0.04;
  p.not_known = 0.03;
  p.disabled = 0.035;
  p.disability_not_declared = 0.2;
  p.events = {.applicants_bme = 0.14, .appointment_rl = 1.3, .disciplinary_rl = 1.3};
  p.board = {.seats = Seats({{"Chair of the Fire Authority"},
                             {"Fire Authority Member", 5},
                             {"Chief Fire Officer", 1, false, true},
                             {"Treasurer", 1, false, true}}),
             .bme = 0.15,
             .female = 0.35};
  p.survey = StaffSurvey("wyfrs-staff-survey", 0.4);
  p.published_targets = {
      {"wyfrs-workforce-bme", "representation_bme", "workforce", 10.0, {2025, 3, 31}},
      {"wyfrs-workforce-female", "representation_female", "workforce", 25.0, {2025, 3, 31}}};
  p.cohort1_grades = p.Grades({"Station Manager", "Group Manager"});
  p.cohort2_grades = p.Grades({"Crew Manager", "Watch Manager"});
  return p;
}

PartnerProfile MakeUniversityOfBradford() {
  PartnerProfile p = NewPartner({.org_id = "UOB",
                                 .name = "University of Bradford",
                                 .sector = Sector::kHigherEducation,
                                 .shape = ExtractShape::kGeneric,
                                 .vocabulary = Vocabulary::kOns2021,
                                 .staff_number_prefix = "U",
                                 .weekly_hours = 35.0});
  using T = Tier;
  p.grades = {
      Step("Grade 1", T::kCore, 40, 9.40, 9.60, 2, 0.0, 0.65, 1.3, 0.6, kUni1),
      Step("Grade 2", T::kCore, 80, 9.70, 10.10, 2, 0.1, 0.65, 1.3, 0.5, kUni2),
      Step("Grade 3", T::kCore, 120, 10.30, 11.00, 3, 0.15, 0.68, 1.1, 0.4, kUni3),
      Step("Grade 4", T::kCore, 170, 11.20, 12.30, 3, 0.2, 0.68, 1.0, 0.35, kUni3),
      Step("Grade 5", T::kCore, 200, 12.60, 14.20, 4, 0.25, 0.66, 1.0, 0.3, kUni5),
      Step("Grade 6", T::kCore, 220, 14.60, 17.00, 4, 0.25, 0.6, 1.1, 0.25, kUni6),
      Step("Grade 7", T::kCore, 330, 17.40, 20.80, 5, 0.25, 0.5, 1.4, 0.2, kUni7),
      Step("Grade 8", T::kMiddle, 290, 21.20, 25.00, 5, 0.35, 0.48, 1.4, 0.15, kUni8),
      Step("Grade 9", T::kMiddle, 150, 25.50, 29.50, 4, 0.4, 0.42, 1.2, 0.1, kUni9),
      Step("Grade 10", T::kSenior, 60, 30.00, 34.00, 3, 0.4, 0.38, 1.0, 0.05, kUni10),
      Step("Professorial", T::kSenior, 90, 36.00, 55.00, 5, 0.35, 0.3, 0.9, 0.1, kProfessor),
      Step("Senior Management", T::kSenior, 12, 40.00, 60.00, 3, 0.0, 0.45, 0.6, 0.0, kUniSenior),
      Step("Vice-Chancellor's Executive", T::kExecutive, 6, 65.00, 120.00, 3, 0.3, 0.4, 0.5, 0.0,
           kUniExec),
  };
  ChainFeeders(p, {"Senior Management"});
  for (GradeSpec& g : p.grades) g.leave_rate = 0.03;
  p.units = {"Faculty of Health Studies", "Faculty of Engineering and Digital Technologies",
             "Faculty of Management, Law and Social Sciences", "Faculty of Life Sciences",
             "Professional Services"};
  p.pay_awards = {{2021, 1.5}, {2022, 3.0}, {2023, 5.0}};
  p.bme_base = 0.25;
  p.not_stated = 0.05;
  p.not_known = 0.02;
  p.disabled = 0.05;
  p.events = {.applicants_bme = 0.5,
              .appointment_rl = 1.35,
              .disciplinary_rl = 1.3,
              .training_per_quarter = 0.1};
  p.board = {.seats = Seats({{"Chair of Council"},
                             {"Independent Governor", 5},
                             {"Staff Governor"},
                             {"Student Governor"},
                             {"Vice-Chancellor", 1, true, true},
                             {"Secretary to Council", 1, false, true}}),
             .bme = 0.3,
             .female = 0.45};
  p.survey = StaffSurvey("uob-staff-survey", 0.4);
  p.published_targets = {
      {"uob-senior-bme", "representation_bme", "senior_and_above", 25.0, {2026, 7, 31}}};
  p.cohort1_grades = p.Grades({"Grade 9", "Grade 10"});
  p.cohort2_grades = p.Grades({"Grade 6", "Grade 7"});
  return p;
}

PartnerProfile MakeVoluntarySector() {
  PartnerProfile p = NewPartner({.org_id = "BCVS",
                                 .name = "Bradford Community Voluntary Services (fictional)",
                                 .sector = Sector::kVcs,
                                 .shape = ExtractShape::kGeneric,
                                 .vocabulary = Vocabulary::kOns2021,
                                 .staff_number_prefix = "V",
                                 .weekly_hours = 35.0});
  using T = Tier;
  p.grades = {
      Step("Sessional Worker", T::kCore, 8, 9.50, 10.00, 2, 0.0, 0.7, 1.0, 0.9, kSessional),
      Step("Administrator", T::kCore, 8, 10.20, 11.00, 2, 0.0, 0.8, 1.0, 0.4, kVcsAdmin),
      Step("Project Worker", T::kCore, 28, 11.00, 12.50, 3, 0.2, 0.7, 1.0, 0.4, kProjectWorker),
      Step("Senior Project Worker", T::kMiddle, 10, 13.00, 14.50, 2, 0.5, 0.65, 0.9, 0.2,
           kSeniorWorker),
      Step("Manager", T::kMiddle, 5, 16.00, 19.00, 2, 0.4, 0.6, 0.8, 0.0, kVcsManager),
      Step("Chief Officer", T::kExecutive, 1, 24.00, 24.00, 1, 0.3, 0.6, 0.8, 0.0, kChiefOfficer),
  };
  ChainFeeders(p, {"Administrator"});
  p.grades[2].feeder = 0;  // project workers come up from sessional work
  p.grades[0].fixed_term = 0.6;
  p.grades[2].fixed_term = 0.35;
  for (GradeSpec& g : p.grades) {
    g.leave_rate = 0.05;
    g.growth = 0.0;
  }
  p.units = {"Community Development", "Volunteering", "Wellbeing", "Central"};
  p.pay_awards = {{2022, 4.0}, {2023, 5.0}};
  p.bme_base = 0.45;
  p.not_stated = 0.05;
  p.not_known = 0.05;
  p.events = {.applicants_bme = 0.55, .appointment_rl = 1.2, .disciplinary_rl = 1.2};
  p.board = {.seats = Seats({{"Chair of Trustees"},
                             {"Trustee", 4},
                             {"Treasurer"},
                             {"Chief Officer", 1, false, true}}),
             .bme = 0.4,
             .female = 0.55};
  p.survey = StaffSurvey("bcvs-staff-survey", 0.7);
  p.published_targets = {{"bcvs-board-bme", "representation_bme", "board", 40.0, {2024, 3, 31}}};
  return p;
}

}  // namespace dxhub::sim
