// EventFiles: opening, and the quarterly files (recruitment, disciplinary,
// training, leavers). Survey, board, targets and programme are in org_files.cc.
#include "dxhub/sim/event_files.h"

#include <algorithm>
#include <cmath>

#include "dxhub/sim/identity.h"
#include "dxhub/sim/sampling.h"
#include "dxhub/sim/staff_extract.h"

namespace dxhub::sim {
namespace {

constexpr std::array<std::array<std::string_view, 9>, 8> kHeaders = {{
    {"applicant_ref", "vacancy_ref", "post_grade", "ethnicity", "sex", "disability", "shortlisted",
     "appointed", "decision_date"},
    {"staff_number", "case_ref", "date_opened"},
    {"staff_number", "course", "date"},
    {"staff_number", "leaving_date", "reason"},
    {"survey_id", "year", "question", "group", "respondents", "positive"},
    {"member_ref", "role", "voting", "executive", "ethnicity", "sex", "disability", "from_date",
     "to_date"},
    {"target_id", "indicator", "scope", "value_percent", "due_date", "set_date"},
    {"staff_number", "programme", "cohort", "start_date", "completion_date", "status"},
}};

constexpr std::string_view kCourses[] = {
    "Leadership Essentials", "Coaching Skills",       "Project Management",
    "Mentoring Programme",   "Inclusive Leadership",  "Digital Skills",
    "Masters Module",        "Conference Attendance", "Management Apprenticeship"};

// Share of ethnically diverse applicants among the shortlisted-but-not-appointed
// that makes WRES indicator 2 come out at `rl` when a share `h` of appointees
// is ethnically diverse and each vacancy shortlists `x` others (see README).
double ShortlistDiverseShare(double h, double rl, double x) {
  const double q = h * ((rl - 1.0) * (1.0 - h) + rl * x) / (x * ((1.0 - h) + rl * h));
  return std::clamp(q, 0.02, 0.98);
}

}  // namespace

EventFiles::EventFiles(const PartnerProfile& profile, uint64_t seed)
    : profile_(profile), rng_(Rng(seed).Fork(std::string(profile.org_id) + "/events")) {}

bool EventFiles::Open(const std::filesystem::path& dir) {
  for (size_t f = 0; f < kFileCount; ++f) {
    if (!files_[f].Open(dir / kFileNames[f], DelimitedFormat{})) {
      error_ = files_[f].error();
      return false;
    }
    for (const std::string_view name : kHeaders[f]) {
      if (!name.empty()) files_[f].Text(name);
    }
    files_[f].EndRow();
  }
  return true;
}

Date EventFiles::DayInQuarter(const QuarterChanges& changes) {
  const int32_t last = DaysFromCivil(changes.census);
  const int32_t first = DaysFromCivil(changes.previous) + 1;
  return CivilFromDays(first +
                       static_cast<int32_t>(rng_.Below(static_cast<uint64_t>(last - first + 1))));
}

void EventFiles::OnQuarter(const Population& population) {
  WriteRecruitment(population);
  WriteDisciplinaryAndTraining(population);
  WriteLeavers(population);
  WriteSurvey(population);
}

EventFiles::Applicant EventFiles::DrawApplicant(const GradeSpec& grade,
                                                double diverse_probability) {
  Applicant a;
  const double u = rng_.Uniform();
  a.declaration = u < 0.03 ? Declaration::kNotStated : Declaration::kDeclared;
  a.group = DrawGroup(rng_, rng_.Chance(diverse_probability));
  a.sex = rng_.Chance(grade.female) ? Sex::kFemale : Sex::kMale;
  const double d = rng_.Uniform();
  a.disability = d < 0.06   ? Disability::kYes
                 : d < 0.14 ? Disability::kNotDeclared
                            : Disability::kNo;
  a.variant = static_cast<uint32_t>(rng_.Next());
  return a;
}

void EventFiles::WriteApplicant(const std::string& vacancy, std::string_view grade,
                                const Applicant& applicant, bool shortlisted, bool appointed,
                                Date decided) {
  DelimitedWriter& w = files_[kRecruitment];
  std::string ref;
  AppendReference(ref, "A", ++applicants_, 8);
  w.Text(ref);
  w.Text(vacancy);
  w.Text(grade);
  w.Text(EthnicityLabel(profile_.vocabulary, applicant.group, applicant.declaration,
                        applicant.variant));
  w.Text(SexLabel(profile_.shape, applicant.sex));
  w.Text(DisabilityLabel(profile_.shape, applicant.disability));
  w.YesNo(shortlisted);
  w.YesNo(appointed);
  w.Day(decided, DateStyle::kIso);
  w.EndRow();
}

void EventFiles::WriteRecruitment(const Population& population) {
  const QuarterChanges& changes = population.changes();
  const std::span<const Person> people = population.people();
  int declared = 0;
  int diverse = 0;
  for (const uint32_t i : changes.hires) {
    declared += people[i].declaration == Declaration::kDeclared ? 1 : 0;
    diverse += people[i].DeclaredDiverse() ? 1 : 0;
  }
  // Shortlisted-but-not-appointed applicants per vacancy, then exactly the
  // number of them who are ethnically diverse that puts indicator 2 at the
  // partner's rate (no sampling noise on top of the appointments).
  std::vector<int> others(changes.hires.size());
  std::vector<uint32_t> slots;
  for (int& count : others) {
    count = rng_.Between(2, 5);
    for (int k = 0; k < count; ++k) slots.push_back(static_cast<uint32_t>(slots.size()));
  }
  const double per_vacancy =
      others.empty() ? 1.0 : static_cast<double>(slots.size()) / static_cast<double>(others.size());
  const double shortlist_share =
      declared == 0 ? profile_.events.applicants_bme
                    : ShortlistDiverseShare(static_cast<double>(diverse) / declared,
                                            profile_.events.appointment_rl, per_vacancy);
  const size_t diverse_slots = ChooseUniform(
      slots, static_cast<size_t>(std::lround(shortlist_share * static_cast<double>(slots.size()))),
      rng_);
  std::vector<uint8_t> slot_is_diverse(slots.size(), 0);
  for (size_t k = 0; k < diverse_slots; ++k) slot_is_diverse[slots[k]] = 1;
  size_t slot = 0;
  for (size_t h = 0; h < changes.hires.size(); ++h) {
    const Person& hire = people[changes.hires[h]];
    const GradeSpec& grade = profile_.grades[hire.grade];
    std::string vacancy(profile_.org_id);
    AppendReference(vacancy, "-V", ++vacancies_, 6);
    const Date decided = CivilFromDays(hire.start_day - rng_.Between(21, 70));
    const Applicant appointee{hire.ethnicity, hire.declaration, hire.sex, hire.disability,
                              hire.serial};
    WriteApplicant(vacancy, grade.label, appointee, true, true, decided);
    for (int k = 0; k < others[h]; ++k) {
      WriteApplicant(vacancy, grade.label, DrawApplicant(grade, slot_is_diverse[slot++]), true,
                     false, decided);
    }
    for (int k = rng_.Between(3, 10); k > 0; --k) {
      WriteApplicant(vacancy, grade.label, DrawApplicant(grade, profile_.events.applicants_bme),
                     false, false, decided);
    }
  }
}

void EventFiles::WriteDisciplinaryAndTraining(const Population& population) {
  const QuarterChanges& changes = population.changes();
  const EventRates& rates = profile_.events;
  const double case_rate = rates.disciplinary_per_year / 4.0;
  std::string number;
  for (const Person& person : population.people()) {
    const bool diverse = person.DeclaredDiverse();
    if (rng_.Chance(case_rate * (diverse ? rates.disciplinary_rl : 1.0))) {
      const Date opened = DayInQuarter(changes);
      number = StaffNumber(profile_, person.serial);
      std::string ref(profile_.org_id);
      ref += "-DC-" + std::to_string(opened.year);
      AppendReference(ref, "-", ++cases_, 5);
      DelimitedWriter& w = files_[kDisciplinary];
      w.Text(number);
      w.Text(ref);
      w.Day(opened, DateStyle::kIso);
      w.EndRow();
    }
    const double training =
        rates.training_per_quarter * (person.DeclaredWhite() ? rates.training_rl : 1.0);
    if (rng_.Chance(training)) {
      DelimitedWriter& w = files_[kTraining];
      w.Text(StaffNumber(profile_, person.serial));
      w.Text(kCourses[rng_.Below(std::size(kCourses))]);
      w.Day(DayInQuarter(changes), DateStyle::kIso);
      w.EndRow();
    }
  }
}

void EventFiles::WriteLeavers(const Population& population) {
  DelimitedWriter& w = files_[kLeavers];
  for (const Leaver& leaver : population.changes().leavers) {
    w.Text(StaffNumber(profile_, leaver.person.serial));
    w.Day(leaver.date, DateStyle::kIso);
    w.Text(leaver.reason);
    w.EndRow();
  }
}

bool EventFiles::Finish(const Population& population) {
  WriteBoard();
  WriteTargets();
  WriteProgramme(population);
  for (DelimitedWriter& file : files_) {
    if (!file.Close() && error_.empty()) error_ = file.error();
  }
  return error_.empty();
}

}  // namespace dxhub::sim
