// The three NHS trusts: Agenda for Change bands (2020/21 pay, hourly at 37.5
// hours a week), VSM, and the medical grades, with each trust's headcounts,
// ethnicity gradient and targets. Published figures are marked "report".
#include "partners_data.h"

namespace dxhub::sim {
namespace {

constexpr Post kBand2[] = {{"Additional Clinical Services", "Healthcare Assistant", 55},
                           {"Estates and Ancillary", "Domestic Assistant", 25},
                           {"Administrative and Clerical", "Administrative Assistant", 20}};
constexpr Post kBand3[] = {{"Additional Clinical Services", "Healthcare Assistant", 45},
                           {"Administrative and Clerical", "Administrator", 35},
                           {"Estates and Ancillary", "Porter", 20}};
constexpr Post kBand4[] = {{"Additional Clinical Services", "Assistant Practitioner", 35},
                           {"Administrative and Clerical", "Medical Secretary", 45},
                           {"Add Prof Scientific and Technic", "Pharmacy Technician", 20}};
constexpr Post kBand5[] = {{"Nursing and Midwifery Registered", "Staff Nurse", 72},
                           {"Allied Health Professionals", "Physiotherapist", 10},
                           {"Allied Health Professionals", "Radiographer - Diagnostic", 6},
                           {"Healthcare Scientists", "Biomedical Scientist", 4},
                           {"Administrative and Clerical", "Officer", 8}};
constexpr Post kBand6[] = {{"Nursing and Midwifery Registered", "Sister/Charge Nurse", 55},
                           {"Nursing and Midwifery Registered", "Midwife", 10},
                           {"Allied Health Professionals", "Occupational Therapist", 12},
                           {"Add Prof Scientific and Technic", "Pharmacist", 5},
                           {"Administrative and Clerical", "Manager", 18}};
constexpr Post kBand7[] = {
    {"Nursing and Midwifery Registered", "Ward Sister", 40},
    {"Nursing and Midwifery Registered", "Specialist Nurse Practitioner", 20},
    {"Allied Health Professionals", "Specialist Physiotherapist", 12},
    {"Add Prof Scientific and Technic", "Specialist Pharmacist", 8},
    {"Administrative and Clerical", "Manager", 20}};
constexpr Post kBand8a[] = {{"Nursing and Midwifery Registered", "Modern Matron", 35},
                            {"Nursing and Midwifery Registered", "Advanced Practitioner", 15},
                            {"Allied Health Professionals", "Manager", 15},
                            {"Administrative and Clerical", "Senior Manager", 35}};
constexpr Post kBand8bc[] = {{"Administrative and Clerical", "Senior Manager", 60},
                             {"Nursing and Midwifery Registered", "Head of Nursing", 25},
                             {"Healthcare Scientists", "Head of Service", 15}};
constexpr Post kBand9[] = {{"Administrative and Clerical", "Director", 70},
                           {"Nursing and Midwifery Registered", "Deputy Chief Nurse", 30}};
constexpr Post kVsm[] = {{"Administrative and Clerical", "Executive Director", 70},
                         {"Nursing and Midwifery Registered", "Chief Nurse", 15},
                         {"Medical and Dental", "Medical Director", 15}};
constexpr Post kFy1[] = {{"Medical and Dental", "Foundation Doctor Year 1", 1}};
constexpr Post kFy2[] = {{"Medical and Dental", "Foundation Doctor Year 2", 1}};
constexpr Post kStr[] = {{"Medical and Dental", "Specialty Registrar", 1}};
constexpr Post kSpecDoc[] = {{"Medical and Dental", "Specialty Doctor", 1}};
constexpr Post kConsultant[] = {{"Medical and Dental", "Consultant", 1}};

// The shared ladder; headcount and bme_weight are filled per trust. Index
// order keeps every feeder below the grade it feeds.
// clang-format off
const GradeSpec kNhsLadder[] = {
    {.label = "Band 2", .min_hourly = 9.21, .max_hourly = 9.89, .pay_points = 2,
     .leave_rate = 0.04, .female = 0.80, .part_time = 0.45, .fixed_term = 0.05, .age_min = 18,
     .age_max = 64, .posts = kBand2},
    {.label = "Band 3", .min_hourly = 10.09, .max_hourly = 10.81, .pay_points = 2, .feeder = 0,
     .internal_fill = 0.15, .leave_rate = 0.035, .female = 0.82, .part_time = 0.4, .age_min = 18,
     .age_max = 64, .posts = kBand3},
    {.label = "Band 4", .min_hourly = 11.20, .max_hourly = 12.35, .pay_points = 3, .feeder = 1,
     .internal_fill = 0.25, .leave_rate = 0.03, .female = 0.85, .part_time = 0.35, .age_max = 64,
     .posts = kBand4},
    {.label = "Band 5", .min_hourly = 12.74, .max_hourly = 15.66, .pay_points = 7, .feeder = 2,
     .internal_fill = 0.15, .leave_rate = 0.035, .female = 0.88, .part_time = 0.3, .age_min = 21,
     .posts = kBand5},
    {.label = "Band 6", .min_hourly = 16.04, .max_hourly = 19.38, .pay_points = 6, .feeder = 3,
     .internal_fill = 0.45, .leave_rate = 0.03, .female = 0.86, .part_time = 0.3, .age_min = 24,
     .age_max = 62, .posts = kBand6},
    {.label = "Band 7", .tier = Tier::kMiddle, .min_hourly = 19.89, .max_hourly = 22.76,
     .pay_points = 6, .feeder = 4, .internal_fill = 0.45, .leave_rate = 0.028, .female = 0.82,
     .part_time = 0.25, .age_min = 27, .age_max = 62, .posts = kBand7},
    {.label = "Band 8a", .tier = Tier::kSenior, .min_hourly = 23.40, .max_hourly = 26.42,
     .pay_points = 4, .feeder = 5, .internal_fill = 0.4, .female = 0.75, .part_time = 0.15,
     .age_min = 30, .age_max = 62, .posts = kBand8a},
    {.label = "Band 8b", .tier = Tier::kSenior, .min_hourly = 27.19, .max_hourly = 31.71,
     .pay_points = 4, .feeder = 6, .internal_fill = 0.45, .female = 0.70, .part_time = 0.1,
     .age_min = 32, .age_max = 62, .posts = kBand8bc},
    {.label = "Band 8c", .tier = Tier::kSenior, .min_hourly = 32.60, .max_hourly = 37.67,
     .pay_points = 4, .feeder = 7, .internal_fill = 0.45, .female = 0.65, .part_time = 0.08,
     .age_min = 35, .age_max = 62, .posts = kBand8bc},
    {.label = "Band 8d", .tier = Tier::kSenior, .min_hourly = 38.82, .max_hourly = 44.88,
     .pay_points = 4, .feeder = 8, .internal_fill = 0.45, .female = 0.60, .part_time = 0.05,
     .age_min = 38, .age_max = 62, .posts = kBand8bc},
    {.label = "Band 9", .tier = Tier::kSenior, .min_hourly = 46.54, .max_hourly = 53.66,
     .pay_points = 4, .feeder = 9, .internal_fill = 0.4, .female = 0.55, .part_time = 0.03,
     .age_min = 40, .age_max = 62, .posts = kBand9},
    {.label = "VSM", .tier = Tier::kExecutive, .min_hourly = 56.0, .max_hourly = 110.0,
     .pay_points = 6, .feeder = 10, .internal_fill = 0.3, .leave_rate = 0.03, .female = 0.5,
     .part_time = 0.0, .fixed_term = 0.0, .age_min = 42, .age_max = 62, .posts = kVsm},
    {.label = "Foundation Year 1", .min_hourly = 14.73, .max_hourly = 14.73, .leave_rate = 0.12,
     .female = 0.55, .part_time = 0.0, .fixed_term = 1.0, .age_min = 23, .age_max = 30,
     .posts = kFy1, .doctor = true},
    {.label = "Foundation Year 2", .min_hourly = 17.05, .max_hourly = 17.05, .feeder = 12,
     .internal_fill = 0.85, .leave_rate = 0.12, .female = 0.55, .part_time = 0.0,
     .fixed_term = 1.0, .age_min = 24, .age_max = 31, .posts = kFy2, .doctor = true},
    {.label = "Specialty Registrar", .tier = Tier::kMiddle, .min_hourly = 20.59,
     .max_hourly = 26.09, .pay_points = 4, .feeder = 13, .internal_fill = 0.3,
     .leave_rate = 0.06, .female = 0.45, .part_time = 0.1, .fixed_term = 1.0, .age_min = 27,
     .age_max = 40, .posts = kStr, .doctor = true},
    {.label = "Specialty Doctor", .tier = Tier::kMiddle, .min_hourly = 21.05,
     .max_hourly = 32.94, .pay_points = 5, .female = 0.40, .part_time = 0.2, .fixed_term = 0.1,
     .age_min = 30, .age_max = 62, .posts = kSpecDoc, .doctor = true},
    {.label = "Consultant", .tier = Tier::kSenior, .min_hourly = 41.98, .max_hourly = 56.60,
     .pay_points = 6, .feeder = 14, .internal_fill = 0.35, .leave_rate = 0.02, .female = 0.35,
     .part_time = 0.15, .fixed_term = 0.02, .age_min = 33, .age_max = 65,
     .posts = kConsultant, .doctor = true},
};
// clang-format on
constexpr size_t kLadderSize = std::size(kNhsLadder);

// Headcount at 2021-03-31 and BME weight, per grade of the ladder, in order.
struct TrustColumn {
  int headcount;
  double bme_weight;
};

std::vector<GradeSpec> TrustGrades(const TrustColumn (&column)[kLadderSize], double growth) {
  std::vector<GradeSpec> grades(std::begin(kNhsLadder), std::end(kNhsLadder));
  for (size_t i = 0; i < kLadderSize; ++i) {
    grades[i].headcount = column[i].headcount;
    grades[i].bme_weight = column[i].bme_weight;
    grades[i].growth = growth;
  }
  return grades;
}

void SetNhsCommon(PartnerProfile& p) {
  p.sector = Sector::kNhs;
  p.shape = ExtractShape::kEsr;
  p.vocabulary = Vocabulary::kNhs;
  p.weekly_hours = 37.5;
  p.pay_awards = {{2021, 3.0}, {2022, 4.5}, {2023, 5.0}};
  p.board.seats = Seats({{"Chair"},
                         {"Non-Executive Director", 5},
                         {"Associate Non-Executive Director", 1, false},
                         {"Chief Executive", 1, true, true},
                         {"Director of Finance", 1, true, true},
                         {"Medical Director", 1, true, true},
                         {"Chief Nurse", 1, true, true},
                         {"Chief Operating Officer", 1, true, true},
                         {"Director of Workforce", 1, false, true},
                         {"Director of Strategy", 1, false, true}});
  p.survey = StaffSurvey("nhs-staff-survey", 0.45);
  p.cohort1_grades = p.Grades({"Band 8a", "Band 8b"});
  p.cohort2_grades = p.Grades({"Band 6", "Band 7"});
}

GradeMask Band8aAndAbove(const PartnerProfile& p) {
  return p.Grades({"Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"});
}

}  // namespace

PartnerProfile MakeBradfordTeachingHospitals() {
  PartnerProfile p = NewPartner({.org_id = "BTHFT",
                                 .name = "Bradford Teaching Hospitals NHS Foundation Trust",
                                 .staff_number_prefix = "2"});
  p.grades = TrustGrades({{900, 1.2},
                          {800, 1.0},
                          {550, 0.9},
                          {1350, 1.15},
                          {900, 0.8},
                          {560, 0.6},
                          {180, 0.45},
                          {80, 0.4},
                          {40, 0.4},
                          {18, 0.35},
                          {8, 0.3},
                          {10, 0.3},
                          {60, 1.4},
                          {60, 1.4},
                          {220, 1.7},
                          {80, 2.0},
                          {300, 1.5}},
                         0.005);
  p.units = {"Medicine",
             "Surgery and Anaesthesia",
             "Women's and Children's Services",
             "Clinical Support Services",
             "Estates and Facilities",
             "Corporate Services"};
  p.bme_base = 0.36;
  p.not_stated = 0.03;
  p.not_known = 0.01;
  p.declares_per_quarter = 0.04;  // the Equality Census campaign
  p.disabled = 0.05;
  p.disability_not_declared = 0.12;
  SetNhsCommon(p);
  const Membership senior{.grades = Band8aAndAbove(p)};
  const Membership all{.grades = AllGrades(p)};
  p.targets = {
      {"band_8a_plus_bme",
       senior,
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 14.5}, {{2023, 3, 31}, 17.84}}},  // report
      {"workforce_bme",
       all,
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 34.6}, {{2023, 3, 31}, 36.1}}},  // assumed; report: 35% achieved
  };
  p.events = {.applicants_bme = 0.48, .appointment_rl = 1.45, .disciplinary_rl = 1.35};
  p.board.bme = 0.25;
  p.published_targets = {
      {"bthft-senior-bme", "representation_bme", "senior_and_above", 35.0, {2025, 3, 31}},
      {"bthft-workforce-bme", "representation_bme", "workforce", 35.0, {2025, 3, 31}}};
  return p;
}

PartnerProfile MakeBradfordDistrictCareTrust() {
  PartnerProfile p = NewPartner({.org_id = "BDCFT",
                                 .name = "Bradford District Care NHS Foundation Trust",
                                 .staff_number_prefix = "3"});
  p.grades = TrustGrades({{150, 1.1},
                          {550, 1.1},
                          {350, 1.0},
                          {600, 1.0},
                          {600, 0.9},
                          {400, 0.85},
                          {150, 0.8},
                          {60, 0.75},
                          {25, 0.7},
                          {12, 0.7},
                          {5, 0.6},
                          {8, 0.6},
                          {0, 1.5},
                          {0, 1.5},
                          {25, 1.8},
                          {30, 2.0},
                          {55, 1.6}},
                         0.004);
  p.units = {"Adult Mental Health",   "Community Services",  "Children and Young People",
             "Learning Disabilities", "Specialist Services", "Corporate Services"};
  p.bme_base = 0.27;
  p.not_stated = 0.02;
  p.not_known = 0.01;
  p.disabled = 0.08;
  p.disability_not_declared = 0.10;
  SetNhsCommon(p);
  const Membership senior{.grades = Band8aAndAbove(p)};
  const Membership all{.grades = AllGrades(p)};
  p.targets = {
      {"band_8a_plus_bme",
       senior,
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 24.5}, {{2023, 3, 31}, 27.0}}},  // 2021 assumed, 2023 report
      {"workforce_bme",
       all,
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 25.8}, {{2023, 3, 31}, 27.0}}},  // report
      {"band_8a_plus_disabled",
       senior,
       Attribute::kDisabled,
       {{{2021, 3, 31}, 7.5}, {{2023, 3, 31}, 9.0}}},  // 2021 assumed, 2023 report
      {"workforce_disabled",
       all,
       Attribute::kDisabled,
       {{{2021, 3, 31}, 8.0}, {{2023, 3, 31}, 9.0}}},  // report
      {"workforce_female",
       all,
       Attribute::kFemale,
       {{{2021, 3, 31}, 81.3}, {{2023, 3, 31}, 80.0}}},  // report
  };
  // Echoes the published 46.99% / 14.65% = 3.2 of DOMAIN.md.
  p.events = {.applicants_bme = 0.42, .appointment_rl = 3.2, .disciplinary_rl = 1.7};
  p.board.bme = 0.3;
  p.published_targets = {
      {"bdcft-senior-bme", "representation_bme", "senior_and_above", 30.0, {2026, 3, 31}},
      {"bdcft-workforce-disabled", "representation_disabled", "workforce", 12.0, {2025, 3, 31}}};
  return p;
}

PartnerProfile MakeAiredale() {
  PartnerProfile p = NewPartner(
      {.org_id = "ANHSFT", .name = "Airedale NHS Foundation Trust", .staff_number_prefix = "1"});
  p.grades = TrustGrades({{600, 1.1},
                          {450, 0.9},
                          {330, 0.8},
                          {900, 1.2},
                          {650, 0.8},
                          {380, 0.6},
                          {110, 0.5},
                          {45, 0.45},
                          {20, 0.4},
                          {10, 0.4},
                          {4, 0.3},
                          {8, 0.3},
                          {30, 2.0},
                          {30, 2.0},
                          {120, 2.4},
                          {50, 2.6},
                          {190, 2.2}},
                         0.005);
  p.units = {"Medicine",           "Surgery",      "Family Services", "Community Services",
             "Corporate Services", "AGH Solutions"};
  p.bme_base = 0.19;
  p.not_stated = 0.025;
  p.not_known = 0.01;
  p.disabled = 0.045;
  SetNhsCommon(p);
  const Membership all{.grades = AllGrades(p)};
  p.targets = {
      {"workforce_bme",
       all,
       Attribute::kEthnicallyDiverse,
       {{{2021, 3, 31}, 20.3},
        {{2022, 3, 31}, 21.35},
        {{2023, 3, 31}, 23.28}}},  // 2022, 2023 report
  };
  p.events = {.applicants_bme = 0.35, .appointment_rl = 1.25, .disciplinary_rl = 1.2};
  p.board.bme = 0.15;
  p.published_targets = {
      {"anhsft-workforce-bme", "representation_bme", "workforce", 25.0, {2025, 3, 31}}};
  return p;
}

}  // namespace dxhub::sim
