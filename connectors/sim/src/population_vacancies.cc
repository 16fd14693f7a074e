// Population: filling vacancies from the top grade down, by promotion from the
// feeder grade (steered where a target says so) and by hiring new people.
#include <algorithm>
#include <cmath>

#include "dxhub/sim/population.h"
#include "dxhub/sim/sampling.h"
#include "dxhub/sim/steering.h"

namespace dxhub::sim {
namespace {

constexpr double kDaysPerYear = 365.25;
constexpr uint16_t kPartTimeFte[] = {400, 500, 600, 700, 800, 900};

uint8_t PickPost(const GradeSpec& grade, Rng& rng) {
  int total = 0;
  for (const Post& post : grade.posts) total += post.weight;
  int pick = static_cast<int>(rng.Below(static_cast<uint64_t>(total)));
  for (size_t i = 0; i < grade.posts.size(); ++i) {
    if (pick < grade.posts[i].weight) return static_cast<uint8_t>(i);
    pick -= grade.posts[i].weight;
  }
  return 0;
}

// The target, if any, that chooses who is promoted into `grade` from outside its group.
const Target* PromotionTarget(const PartnerProfile& profile, int grade, int feeder) {
  for (const Target& target : profile.targets) {
    const GradeMask mask = target.membership.grades;
    if (target.steer_promotions && ((mask >> grade) & 1) && !((mask >> feeder) & 1)) {
      SimCheck(target.attribute == Attribute::kEthnicallyDiverse &&
                   target.membership.kind == Membership::Kind::kGrades,
               "promotion steering supports ethnicity over grade groups only");
      return &target;
    }
  }
  return nullptr;
}

}  // namespace

void Population::FillVacancies(Date census) {
  // Promotion pools: who may be promoted out of each grade this quarter.
  std::vector<std::vector<uint32_t>> pools(profile_.grades.size());
  for (size_t i = 0; i < people_.size(); ++i) {
    if (!people_[i].Has(kProtected)) pools[people_[i].grade].push_back(static_cast<uint32_t>(i));
  }
  for (int g = static_cast<int>(profile_.grades.size()) - 1; g >= 0; --g) {
    const GradeSpec& grade = profile_.grades[static_cast<size_t>(g)];
    const int vacancies = PlannedHeadcount(g, quarter_) - headcount_[static_cast<size_t>(g)];
    if (grade.scripted || vacancies <= 0) continue;
    int promoted = 0;
    if (grade.feeder >= 0 && grade.internal_fill > 0) {
      const int wanted = std::min(vacancies, rng_.RoundRandom(vacancies * grade.internal_fill));
      promoted = PromoteInto(g, wanted, census, pools[static_cast<size_t>(grade.feeder)]);
    }
    for (int k = promoted; k < vacancies; ++k) changes_.hires.push_back(Hire(g, census, false));
  }
}

int Population::PromoteInto(int grade, int count, Date census, std::vector<uint32_t>& pool) {
  const size_t wanted = std::min(static_cast<size_t>(count), pool.size());
  if (wanted == 0) return 0;
  if (const Target* target = PromotionTarget(profile_, grade, profile_.grades[grade].feeder)) {
    ChooseSteeredPromotions(*target, wanted, census, pool);
  } else {
    // White staff are somewhat more likely to be promoted (promotion_rl).
    ChooseWeighted(pool, wanted, rng_, [&](uint32_t i) {
      return people_[i].DeclaredDiverse() ? 1.0 / profile_.promotion_rl : 1.0;
    });
  }
  for (size_t k = 0; k < wanted; ++k) Promote(people_[pool[k]], grade, census);
  pool.erase(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(wanted));
  return static_cast<int>(wanted);
}

void Population::ChooseSteeredPromotions(const Target& target, size_t count, Date census,
                                         std::vector<uint32_t>& pool) {
  int positives = 0;
  int denominator = 0;
  for (const Person& person : people_) {
    if (!((target.membership.grades >> person.grade) & 1)) continue;
    denominator += CountsFor(person, target.attribute) ? 1 : 0;
    positives += HasAttribute(person, target.attribute) ? 1 : 0;
  }
  std::vector<uint32_t> diverse;
  std::vector<uint32_t> others;
  size_t others_declared = 0;
  for (const uint32_t i : pool) {
    if (people_[i].DeclaredDiverse()) {
      diverse.push_back(i);
    } else {
      others.push_back(i);
      others_declared += CountsFor(people_[i], target.attribute) ? 1 : 0;
    }
  }
  // Entrants who will count: all diverse ones, the declared share of the others.
  const double declared_share =
      others.empty() ? 1.0 : static_cast<double>(others_declared) / others.size();
  const int entrant_denominator = static_cast<int>(std::lround(count * declared_share));
  const int wanted =
      TargetCount(target, census, denominator + entrant_denominator, scale_) - positives;
  size_t from_diverse = std::min({static_cast<size_t>(std::max(wanted, 0)), count, diverse.size()});
  from_diverse = std::max(from_diverse, count - std::min(count, others.size()));
  ChooseUniform(diverse, from_diverse, rng_);
  ChooseUniform(others, count - from_diverse, rng_);
  pool.clear();
  pool.insert(pool.end(), diverse.begin(),
              diverse.begin() + static_cast<std::ptrdiff_t>(from_diverse));
  pool.insert(pool.end(), others.begin(),
              others.begin() + static_cast<std::ptrdiff_t>(count - from_diverse));
  pool.insert(pool.end(), diverse.begin() + static_cast<std::ptrdiff_t>(from_diverse),
              diverse.end());
  pool.insert(pool.end(), others.begin() + static_cast<std::ptrdiff_t>(count - from_diverse),
              others.end());
}

void Population::Promote(Person& person, int grade, Date census) {
  --headcount_[person.grade];
  ++headcount_[static_cast<size_t>(grade)];
  person.grade = static_cast<uint8_t>(grade);
  person.pay_point = 0;
  person.post = PickPost(profile_.grades[static_cast<size_t>(grade)], rng_);
  person.assignment_day = DayInQuarter(census);
  if (person.assignment < 255) ++person.assignment;
  ++changes_.promotions;
}

uint32_t Population::Hire(int grade_index, Date census, bool starting) {
  const GradeSpec& grade = profile_.grades[static_cast<size_t>(grade_index)];
  const int32_t census_day = DaysFromCivil(census);
  Person person;
  person.serial = next_serial_++;
  person.grade = static_cast<uint8_t>(grade_index);
  person.flags = kPendingAll;
  const int span = grade.age_max - grade.age_min;
  // Existing staff spread over the grade's ages; new staff skew younger.
  const double u =
      starting ? (rng_.Uniform() + rng_.Uniform()) / 2.0 : std::pow(rng_.Uniform(), 1.5) * 0.8;
  const int age = grade.age_min + static_cast<int>(u * span);
  person.birth_day =
      census_day - static_cast<int32_t>(age * kDaysPerYear) - static_cast<int32_t>(rng_.Below(365));
  if (starting) {
    const double max_tenure = std::max(0.0, age - 18.0);
    const double tenure = std::min(max_tenure, -std::log(1.0 - rng_.Uniform()) * 7.0);
    const double in_grade = std::min(tenure, rng_.Uniform() * 6.0);
    person.start_day = census_day - static_cast<int32_t>(tenure * kDaysPerYear);
    person.assignment_day = census_day - static_cast<int32_t>(in_grade * kDaysPerYear);
    person.pay_point =
        static_cast<uint8_t>(std::min(grade.pay_points - 1, static_cast<int>(in_grade)));
  } else {
    person.start_day = DayInQuarter(census);
    person.assignment_day = person.start_day;
    person.pay_point =
        static_cast<uint8_t>(rng_.Below(static_cast<uint64_t>(std::max(1, grade.pay_points / 2))));
  }
  person.fte_milli = rng_.Chance(grade.part_time) ? kPartTimeFte[rng_.Below(6)] : 1000;
  person.contract = rng_.Chance(grade.fixed_term) ? Contract::kFixedTerm : Contract::kPermanent;
  person.post = PickPost(grade, rng_);
  person.unit = static_cast<uint8_t>(rng_.Below(profile_.units.size()));
  people_.push_back(person);
  ++headcount_[static_cast<size_t>(grade_index)];
  return static_cast<uint32_t>(people_.size() - 1);
}

}  // namespace dxhub::sim
