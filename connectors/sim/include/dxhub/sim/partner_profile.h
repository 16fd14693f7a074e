// What a simulated partner is: its grade ladder (labels, headcounts at scale 1,
// pay, promotion paths, characteristics by grade), the targets its workforce
// is steered to (the published figures, plus assumed values where the report
// gives none), scripted people, event rates, board, survey and published
// targets, and the shape of the files it exports. Immutable data built once by
// AllPartners(); safe to share between threads.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "dxhub/sim/civil_date.h"
#include "dxhub/sim/ethnicity.h"

namespace dxhub::sim {

enum class Sector : uint8_t { kNhs, kLocalAuthority, kPolice, kFire, kHigherEducation, kVcs };
enum class Tier : uint8_t { kExecutive, kSenior, kMiddle, kCore };
enum class Sex : uint8_t { kFemale, kMale };
enum class Disability : uint8_t { kYes, kNo, kNotDeclared };
enum class Contract : uint8_t { kPermanent, kFixedTerm };
// The staff-extract layouts documented in the README.
enum class ExtractShape : uint8_t { kEsr, kCouncilPayroll, kPolice, kGeneric };
// A characteristic a target steers: ethnically diverse share over staff with a
// known ethnicity, or female / disabled share over all staff in the group.
enum class Attribute : uint8_t { kEthnicallyDiverse, kFemale, kDisabled };

// SPEC's names: "nhs", "local_authority", ...; "EXECUTIVE", "SENIOR", ...
std::string_view SectorName(Sector sector);
std::string_view TierName(Tier tier);

// One kind of post within a grade: staff group (or job family), job title, weight.
struct Post {
  std::string_view group;
  std::string_view role;
  int weight = 1;
};

// One grade of the partner's own scheme. Rates are per quarter.
struct GradeSpec {
  std::string_view label;
  Tier tier = Tier::kCore;
  int headcount = 0;        // at 2021-03-31, scale 1
  double growth = 0.0;      // planned headcount growth per quarter
  double min_hourly = 0.0;  // 2020/21 pay, lowest and highest point
  double max_hourly = 0.0;
  int pay_points = 1;
  int feeder = -1;             // grade promoted from (a lower index), -1 none
  double internal_fill = 0.0;  // share of vacancies filled by promotion
  double leave_rate = 0.025;
  double female = 0.5;      // probability a new post-holder is female
  double bme_weight = 1.0;  // multiplies the partner's base BME probability
  double part_time = 0.2;   // share part-time (FTE 0.4 to 0.9)
  double fixed_term = 0.03;
  int age_min = 20;  // typical age range in the grade
  int age_max = 60;
  std::span<const Post> posts;
  bool scripted = false;  // filled only by the partner's script
  bool doctor = false;    // titled "Dr" in names
};

using GradeMask = uint64_t;  // bit i = grade i

// Who a target or a calibration figure counts.
struct Membership {
  enum class Kind : uint8_t { kGrades, kTopEarners };
  Kind kind = Kind::kGrades;
  GradeMask grades = 0;     // kGrades
  double top_share = 0.05;  // kTopEarners: share of permanent staff's FTE
};

// A point on a target's path: percent at a census date, and where the report
// gives a count, the exact numerator (honoured at scale 1).
struct Anchor {
  Date date;
  double percent = 0.0;
  int exact_count = -1;
};

// A share the generator steers a group to, interpolated between anchors and
// extrapolated from the last two. Listed inner groups first.
struct Target {
  std::string_view name;
  Membership membership;
  Attribute attribute = Attribute::kEthnicallyDiverse;
  std::vector<Anchor> anchors;
  bool steer_promotions = false;  // also choose who is promoted into the group
};

// A person whose whole career in the simulation is written down (chief officers).
struct ScriptedPerson {
  std::string_view grade;
  Sex sex = Sex::kMale;
  EthnicGroup group = EthnicGroup::kWhiteBritish;
  Declaration declaration = Declaration::kDeclared;
  std::optional<Date> joins;   // census date first present; none = from the start
  std::optional<Date> leaves;  // leaves in the quarter ending on this census date
};

struct PayAward {
  int year = 0;  // applies from 1 April of this year
  double percent = 0.0;
};

struct EventRates {
  double applicants_bme = 0.4;  // BME share of applicants not shortlisted
  double appointment_rl = 1.4;  // WRES 2: white vs BME appointed from shortlisting
  double disciplinary_per_year = 0.01;
  double disciplinary_rl = 1.4;  // WRES 3: BME vs white entering the process
  double training_per_quarter = 0.08;
  double training_rl = 1.1;  // WRES 4: white vs BME accessing training
};

struct BoardSeat {
  std::string_view role;
  bool voting = true;
  bool executive = false;
};

struct BoardSpec {
  std::vector<BoardSeat> seats;
  double bme = 0.2;
  double female = 0.45;
};

// Shares answering "yes" to wres5..wres8 for White and BME respondents.
struct SurveySpec {
  std::string_view name;  // survey id prefix, e.g. "nhs-staff-survey"
  double response_rate = 0.45;
  double white[4] = {0.26, 0.23, 0.58, 0.06};
  double bme[4] = {0.28, 0.27, 0.45, 0.15};
};

struct PublishedTarget {
  std::string_view id;
  std::string_view indicator;
  std::string_view scope;
  double percent = 0.0;
  Date due;
  Date set = {2021, 3, 31};  // when it was published: the start of the simulated history
};

// Who a partner is and how its files are shaped.
struct PartnerIdentity {
  std::string_view org_id;
  std::string_view name;
  Sector sector = Sector::kVcs;
  ExtractShape shape = ExtractShape::kGeneric;
  Vocabulary vocabulary = Vocabulary::kOns2021;
  std::string_view staff_number_prefix;  // followed by seven digits
  double weekly_hours = 37.5;
};

struct PartnerProfile : PartnerIdentity {
  std::vector<GradeSpec> grades;
  std::vector<std::string_view> units;  // directorates, districts, faculties
  std::vector<PayAward> pay_awards;
  double bme_base = 0.2;     // BME probability of a grade-weight-1 hire
  double not_stated = 0.03;  // shares of new staff who do not declare
  double not_known = 0.01;
  double declares_per_quarter = 0.02;  // undeclared staff who declare each quarter
  double disabled = 0.05;              // share declaring a disability
  double disability_not_declared = 0.15;
  double promotion_rl = 1.2;  // white vs BME likelihood of promotion
  std::vector<Target> targets;
  std::vector<ScriptedPerson> script;
  EventRates events;
  BoardSpec board;
  SurveySpec survey;
  std::vector<PublishedTarget> published_targets;
  GradeMask cohort1_grades = 0;  // leadership programme eligibility
  GradeMask cohort2_grades = 0;

  // Index of the grade with this label; aborts when there is none.
  int GradeIndex(std::string_view label) const;
  GradeMask Grades(std::initializer_list<std::string_view> labels) const;
  // The grade a person in `grade` is promoted to, or -1.
  int PromotesTo(int grade) const;
  // Pay award factor in force on `date`, relative to the 2020/21 tables.
  double AwardFactor(Date date) const;
};

// The eight simulated partners, in a fixed order.
const std::vector<PartnerProfile>& AllPartners();
// The partner with this org id, or nullptr.
const PartnerProfile* FindPartner(std::string_view org_id);

// Aborts with `message` when `ok` is false: internal invariants (STYLE.md 4).
void SimCheck(bool ok, std::string_view message);

}  // namespace dxhub::sim
