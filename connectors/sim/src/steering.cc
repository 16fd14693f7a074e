#include "dxhub/sim/steering.h"

#include <algorithm>
#include <cmath>

#include "dxhub/sim/sampling.h"
#include "dxhub/stats/top_earners.h"

namespace dxhub::sim {
namespace {

PersonFlag PendingFlag(Attribute attribute) {
  switch (attribute) {
    case Attribute::kEthnicallyDiverse:
      return kPendingEthnicity;
    case Attribute::kFemale:
      return kPendingSex;
    case Attribute::kDisabled:
      return kPendingDisability;
  }
  return kPendingEthnicity;
}

void Give(Person& person, Attribute attribute, bool positive, Rng& rng) {
  switch (attribute) {
    case Attribute::kEthnicallyDiverse:
      person.ethnicity = DrawGroup(rng, positive);
      break;
    case Attribute::kFemale:
      person.sex = positive ? Sex::kFemale : Sex::kMale;
      break;
    case Attribute::kDisabled:
      person.disability = positive ? Disability::kYes : Disability::kNo;
      break;
  }
  person.Clear(PendingFlag(attribute));
}

// Decides who declares their ethnicity and disability; undeclared disability
// needs no further choice.
void DecideDeclarations(const PartnerProfile& profile, std::span<Person> people, Rng& rng) {
  for (Person& person : people) {
    if (person.Has(kPendingEthnicity)) {
      const double u = rng.Uniform();
      person.declaration = u < profile.not_stated                       ? Declaration::kNotStated
                           : u < profile.not_stated + profile.not_known ? Declaration::kNotKnown
                                                                        : Declaration::kDeclared;
    }
    if (person.Has(kPendingDisability) && rng.Chance(profile.disability_not_declared)) {
      person.disability = Disability::kNotDeclared;
      person.Clear(kPendingDisability);
    }
  }
}

void SteerTarget(const PartnerProfile& profile, const Target& target, std::span<Person> people,
                 Date census, double scale, Rng& rng) {
  const std::vector<uint8_t> members = SelectMembers(profile, target.membership, people, census);
  const PersonFlag pending = PendingFlag(target.attribute);
  int denominator = 0;
  int fixed = 0;
  std::vector<uint32_t> candidates;
  for (size_t i = 0; i < people.size(); ++i) {
    const Person& person = people[i];
    if (!members[i] || !CountsFor(person, target.attribute)) continue;
    ++denominator;
    if (person.Has(pending)) {
      candidates.push_back(static_cast<uint32_t>(i));
    } else if (HasAttribute(person, target.attribute)) {
      ++fixed;
    }
  }
  const int wanted = TargetCount(target, census, denominator, scale) - fixed;
  const size_t positives =
      static_cast<size_t>(std::clamp(wanted, 0, static_cast<int>(candidates.size())));
  ChooseWeighted(candidates, positives, rng, [&](uint32_t i) {
    const double p = std::clamp(Propensity(profile, people[i], target.attribute), 0.01, 0.99);
    return p / (1.0 - p);
  });
  for (size_t k = 0; k < candidates.size(); ++k) {
    Give(people[candidates[k]], target.attribute, k < positives, rng);
  }
}

}  // namespace

double TargetPercent(const Target& target, Date date) {
  const std::vector<Anchor>& a = target.anchors;
  const int32_t day = DaysFromCivil(date);
  if (a.size() == 1 || day <= DaysFromCivil(a.front().date)) return a.front().percent;
  size_t upper = 1;
  while (upper + 1 < a.size() && DaysFromCivil(a[upper].date) < day) ++upper;
  const double d0 = DaysFromCivil(a[upper - 1].date);
  const double d1 = DaysFromCivil(a[upper].date);
  const double t = (day - d0) / (d1 - d0);
  const double percent = a[upper - 1].percent + t * (a[upper].percent - a[upper - 1].percent);
  return std::clamp(percent, 0.0, 100.0);
}

int TargetCount(const Target& target, Date date, int denominator, double scale) {
  if (scale == 1.0) {
    for (const Anchor& anchor : target.anchors) {
      if (anchor.date == date && anchor.exact_count >= 0) return anchor.exact_count;
    }
  }
  return static_cast<int>(std::lround(TargetPercent(target, date) / 100.0 * denominator));
}

std::vector<uint8_t> SelectMembers(const PartnerProfile& profile, const Membership& membership,
                                   std::span<const Person> people, Date date) {
  std::vector<uint8_t> members(people.size(), 0);
  if (membership.kind == Membership::Kind::kGrades) {
    for (size_t i = 0; i < people.size(); ++i) {
      members[i] = (membership.grades >> people[i].grade) & 1;
    }
    return members;
  }
  std::vector<stats::EarnerInput> permanent;
  for (size_t i = 0; i < people.size(); ++i) {
    if (people[i].contract != Contract::kPermanent) continue;
    permanent.push_back(
        stats::EarnerInput{i, people[i].fte_milli / 1000.0, HourlyPay(profile, people[i], date)});
  }
  for (const size_t index : stats::TopEarners(permanent, membership.top_share)) {
    members[index] = 1;
  }
  return members;
}

GroupCount CountMembers(std::span<const Person> people, std::span<const uint8_t> members,
                        Attribute attribute) {
  GroupCount count;
  for (size_t i = 0; i < people.size(); ++i) {
    if (!members[i] || !CountsFor(people[i], attribute)) continue;
    ++count.denominator;
    count.numerator += HasAttribute(people[i], attribute) ? 1 : 0;
  }
  return count;
}

bool HasAnchorOn(const PartnerProfile& profile, Date census) {
  for (const Target& target : profile.targets) {
    for (const Anchor& anchor : target.anchors) {
      if (anchor.date == census) return true;
    }
  }
  return false;
}

int AnchorMiss(const PartnerProfile& profile, std::span<const Person> people, Date census,
               double scale) {
  int miss = 0;
  for (const Target& target : profile.targets) {
    bool anchored = false;
    for (const Anchor& anchor : target.anchors) anchored |= anchor.date == census;
    if (!anchored) continue;
    const GroupCount count = CountMembers(
        people, SelectMembers(profile, target.membership, people, census), target.attribute);
    miss += std::abs(count.numerator - TargetCount(target, census, count.denominator, scale));
  }
  return miss;
}

double Propensity(const PartnerProfile& profile, const Person& person, Attribute attribute) {
  const GradeSpec& grade = profile.grades[person.grade];
  switch (attribute) {
    case Attribute::kEthnicallyDiverse:
      return std::min(0.95, profile.bme_base * grade.bme_weight);
    case Attribute::kFemale:
      return grade.female;
    case Attribute::kDisabled:
      return profile.disabled / (1.0 - profile.disability_not_declared);
  }
  return 0.5;
}

bool CountsFor(const Person& person, Attribute attribute) {
  switch (attribute) {
    case Attribute::kEthnicallyDiverse:
      return person.declaration == Declaration::kDeclared;
    case Attribute::kFemale:
      return true;
    case Attribute::kDisabled:
      return true;
  }
  return true;
}

bool HasAttribute(const Person& person, Attribute attribute) {
  switch (attribute) {
    case Attribute::kEthnicallyDiverse:
      return person.DeclaredDiverse();
    case Attribute::kFemale:
      return person.sex == Sex::kFemale;
    case Attribute::kDisabled:
      return person.disability == Disability::kYes;
  }
  return false;
}

void AssignPending(const PartnerProfile& profile, std::span<Person> people, Date census,
                   double scale, Rng& rng) {
  DecideDeclarations(profile, people, rng);
  for (const Target& target : profile.targets) {
    SteerTarget(profile, target, people, census, scale, rng);
  }
  // Whoever no target placed (and the latent group of the undeclared).
  for (Person& person : people) {
    for (const Attribute attribute :
         {Attribute::kEthnicallyDiverse, Attribute::kFemale, Attribute::kDisabled}) {
      if (person.Has(PendingFlag(attribute))) {
        Give(person, attribute, rng.Chance(Propensity(profile, person, attribute)), rng);
      }
    }
  }
}

}  // namespace dxhub::sim
