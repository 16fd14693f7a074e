// Population: the quarter's sequence, pay, declarations, leavers, the script
// and the leadership programme. Vacancies and hiring are in
// population_vacancies.cc.
#include "dxhub/sim/population.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>

#include "dxhub/sim/sampling.h"
#include "dxhub/sim/steering.h"

namespace dxhub::sim {
namespace {

constexpr double kDaysPerYear = 365.25;

std::string_view LeaverReason(Rng& rng, int age, const Person& person) {
  if (age >= 60 && rng.Chance(0.7)) return "Retirement";
  if (person.contract == Contract::kFixedTerm && rng.Chance(0.5)) return "End of Fixed Term";
  const int pick = rng.Between(1, 100);
  if (pick <= 78) return "Resignation";
  if (pick <= 88) return "Transfer";
  if (pick <= 91) return "Dismissal";
  if (pick <= 93) return "Redundancy";
  return "Other";
}

}  // namespace

Population::Population(const PartnerProfile& profile, uint64_t seed, double scale)
    : profile_(profile),
      scale_(scale),
      rng_(Rng(seed).Fork(std::string(profile.org_id) + "/population")),
      headcount_(profile.grades.size(), 0),
      slots_(ProgrammeSlotsFor(profile.org_id, seed)) {}

int Population::PlannedHeadcount(int grade, int quarter) const {
  const GradeSpec& g = profile_.grades[static_cast<size_t>(grade)];
  if (g.headcount <= 0 || g.scripted) return 0;
  const double planned = g.headcount * scale_ * std::pow(1.0 + g.growth, quarter);
  return std::max(1, static_cast<int>(std::lround(planned)));
}

int32_t Population::DayInQuarter(Date census) {
  return DaysFromCivil(census) - static_cast<int32_t>(rng_.Below(90));
}

void Population::Start(Date census) {
  changes_ = QuarterChanges{CivilFromDays(DaysFromCivil(census) - 91), census, {}, {}, 0};
  quarter_ = 0;
  // Staff numbers should not follow grade order, so place people in a random order.
  std::vector<uint32_t> grade_of_place;
  for (int g = 0; g < static_cast<int>(profile_.grades.size()); ++g) {
    grade_of_place.insert(grade_of_place.end(), static_cast<size_t>(PlannedHeadcount(g, 0)),
                          static_cast<uint32_t>(g));
  }
  ChooseUniform(grade_of_place, grade_of_place.size(), rng_);
  for (const uint32_t g : grade_of_place) Hire(static_cast<int>(g), census, true);
  ApplyScript(census, true);
  AssignPending(profile_, people_, census, scale_, rng_);
}

void Population::Advance(Date census) {
  if (!HasAnchorOn(profile_, census)) {
    AdvanceOnce(census);
    return;
  }
  constexpr int kAttempts = 24;
  const Population start = *this;
  std::optional<Population> best;
  int best_miss = std::numeric_limits<int>::max();
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) {
      RestoreFrom(start);
      rng_ = start.rng_.Fork(FormatDate(census) + "/retry-" + std::to_string(attempt));
    }
    AdvanceOnce(census);
    const int miss = AnchorMiss(profile_, people_, census, scale_);
    if (miss == 0) return;
    if (miss < best_miss) {
      best_miss = miss;
      best.emplace(*this);
    }
  }
  RestoreFrom(*best);
}

void Population::RestoreFrom(const Population& other) {
  rng_ = other.rng_;
  people_ = other.people_;
  headcount_ = other.headcount_;
  participants_ = other.participants_;
  script_serials_ = other.script_serials_;
  changes_ = other.changes_;
  next_serial_ = other.next_serial_;
  quarter_ = other.quarter_;
}

void Population::AdvanceOnce(Date census) {
  changes_ = QuarterChanges{changes_.census, census, {}, {}, 0};
  ++quarter_;
  ApplyPayRound(census);
  RecordDeclarations();
  ChooseLeavers(census);
  ApplyScript(census, false);
  RunProgramme(census);
  FillVacancies(census);
  AssignPending(profile_, people_, census, scale_, rng_);
  SelectParticipants(census);
}

void Population::ApplyPayRound(Date census) {
  if (census.month != 6) return;  // increments fall due on 1 April
  for (Person& person : people_) {
    const GradeSpec& grade = profile_.grades[person.grade];
    if (person.pay_point + 1 < grade.pay_points && rng_.Chance(0.85)) ++person.pay_point;
  }
}

void Population::RecordDeclarations() {
  for (Person& person : people_) {
    if (person.declaration != Declaration::kDeclared && !person.Has(kProtected) &&
        rng_.Chance(profile_.declares_per_quarter)) {
      person.declaration = Declaration::kDeclared;
    }
  }
}

void Population::ChooseLeavers(Date census) {
  const int32_t census_day = DaysFromCivil(census);
  for (Person& person : people_) {
    if (person.Has(kProtected)) continue;
    const int age = static_cast<int>((census_day - person.birth_day) / kDaysPerYear);
    double rate = profile_.grades[person.grade].leave_rate;
    if (age >= 60) rate += 0.04;
    if (age >= 67) rate = 1.0;
    if (person.contract == Contract::kFixedTerm) rate += 0.02;
    if (!rng_.Chance(rate)) continue;
    person.Set(kLeaving);
    changes_.leavers.push_back(
        Leaver{person, CivilFromDays(DayInQuarter(census)), LeaverReason(rng_, age, person)});
  }
}

void Population::ApplyScript(Date census, bool starting) {
  if (starting) script_serials_.assign(profile_.script.size(), 0);
  for (size_t s = 0; s < profile_.script.size(); ++s) {
    const ScriptedPerson& entry = profile_.script[s];
    if (!starting && entry.leaves == census) {
      Person* person = FindBySerial(script_serials_[s]);
      SimCheck(person != nullptr, "scripted leaver missing");
      person->Set(kLeaving);
      changes_.leavers.push_back(
          Leaver{*person, CivilFromDays(DaysFromCivil(census) - 45), "Retirement"});
    }
  }
  RemoveLeavers();
  for (size_t s = 0; s < profile_.script.size(); ++s) {
    const ScriptedPerson& entry = profile_.script[s];
    const bool joins_now =
        starting ? (!entry.joins || *entry.joins <= census) : entry.joins == census;
    if (!joins_now || (entry.leaves && *entry.leaves <= census)) continue;
    const uint32_t index = Hire(profile_.GradeIndex(entry.grade), census, starting);
    Person& person = people_[index];
    person.flags = kProtected;
    person.sex = entry.sex;
    person.ethnicity = entry.group;
    person.declaration = entry.declaration;
    person.disability = Disability::kNo;
    person.fte_milli = 1000;
    person.contract = Contract::kPermanent;
    script_serials_[s] = person.serial;
    if (!starting) changes_.hires.push_back(index);
  }
}

void Population::RemoveLeavers() {
  std::erase_if(people_, [&](const Person& person) {
    if (!person.Has(kLeaving)) return false;
    --headcount_[person.grade];
    return true;
  });
}

Person* Population::FindBySerial(uint32_t serial) {
  // people_ stays sorted by serial: new people are appended with higher ones.
  const auto it = std::lower_bound(people_.begin(), people_.end(), serial,
                                   [](const Person& p, uint32_t s) { return p.serial < s; });
  return it != people_.end() && it->serial == serial ? &*it : nullptr;
}

void Population::RunProgramme(Date census) {
  for (Participant& participant : participants_) {
    Person* person = FindBySerial(participant.serial);
    if (person == nullptr) continue;
    const ProgrammeSlot& slot = participant.slot;
    const Date completion = Cohorts()[static_cast<size_t>(slot.cohort)].completion;
    if (slot.promoted_at == census) {
      const int next = profile_.PromotesTo(person->grade);
      if (next >= 0 && !profile_.grades[static_cast<size_t>(next)].scripted) {
        Promote(*person, next, census);
      }
    }
    // Participants stay put (no other moves, no leaving) through the 12 months
    // after completion that the report measures; a withdrawal frees them at once.
    const Date release = slot.status == ProgrammeStatus::kWithdrawn
                             ? slot.withdrawn_on
                             : Date{completion.year + 1, completion.month, completion.day};
    if (census >= release) person->Clear(kProtected);
  }
}

void Population::SelectParticipants(Date census) {
  const int32_t established = DaysFromCivil(census) - 365;
  for (size_t c = 0; c < Cohorts().size(); ++c) {
    if (Cohorts()[c].selected_at != census) continue;
    const GradeMask eligible = c == 0 ? profile_.cohort1_grades : profile_.cohort2_grades;
    std::vector<uint32_t> pool;
    for (size_t i = 0; i < people_.size(); ++i) {
      const Person& p = people_[i];
      if (((eligible >> p.grade) & 1) && !p.Has(kProtected) && p.contract == Contract::kPermanent &&
          p.start_day < established) {
        pool.push_back(static_cast<uint32_t>(i));
      }
    }
    std::vector<ProgrammeSlot> places;
    for (const ProgrammeSlot& slot : slots_) {
      if (slot.cohort == static_cast<int>(c)) places.push_back(slot);
    }
    // Places are promoted to people with overlapping under-represented identities.
    const size_t chosen = ChooseWeighted(pool, places.size(), rng_, [&](uint32_t i) {
      const Person& p = people_[i];
      return 1.0 + (p.DeclaredDiverse() ? 1.0 : 0.0) + (p.sex == Sex::kFemale ? 0.5 : 0.0) +
             (p.disability == Disability::kYes ? 0.5 : 0.0);
    });
    for (size_t k = 0; k < chosen; ++k) {
      Person& p = people_[pool[k]];
      p.Set(kProtected);
      participants_.push_back(Participant{p.serial, places[k]});
    }
  }
}

}  // namespace dxhub::sim
