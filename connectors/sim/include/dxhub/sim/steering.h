// Steers a partner's workforce to its targets. A target's share at a census
// date comes from its anchors; the characteristics of people placed this
// quarter (flagged pending) are then chosen so that each target group holds
// exactly the asked-for count, as far as the pending people allow; anything
// left is drawn from the grade's rates. Stateless functions over a
// Population's people; callers serialise access to the same people.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dxhub/sim/partner_profile.h"
#include "dxhub/sim/person.h"
#include "dxhub/sim/rng.h"

namespace dxhub::sim {

// Percent asked for on `date`: anchors interpolated linearly by day, the first
// before it, extrapolated from the last two after the last (clamped 0..100).
double TargetPercent(const Target& target, Date date);

// Numerator asked for over `denominator` people: the anchor's exact count at
// scale 1 on an anchor date that gives one, else the rounded share.
int TargetCount(const Target& target, Date date, int denominator, double scale);

// 1 for each person the membership selects on `date`. Top earners are the
// permanent staff dxhub::stats::TopEarners picks by FTE-equivalent hourly pay.
std::vector<uint8_t> SelectMembers(const PartnerProfile& profile, const Membership& membership,
                                   std::span<const Person> people, Date date);

// Numerator and denominator of an attribute over the selected people.
struct GroupCount {
  int numerator = 0;
  int denominator = 0;
};
GroupCount CountMembers(std::span<const Person> people, std::span<const uint8_t> members,
                        Attribute attribute);

// How far the targets anchored on `census` are from their asked-for counts:
// the sum of |numerator - asked| over those targets; 0 when all are exact.
int AnchorMiss(const PartnerProfile& profile, std::span<const Person> people, Date census,
               double scale);

// Whether any target has an anchor on `census`.
bool HasAnchorOn(const PartnerProfile& profile, Date census);

// Probability a new holder of `person`'s grade has the attribute.
double Propensity(const PartnerProfile& profile, const Person& person, Attribute attribute);

// Whether the person counts in an attribute's denominator / numerator.
bool CountsFor(const Person& person, Attribute attribute);
bool HasAttribute(const Person& person, Attribute attribute);

// Gives every pending person a declaration, ethnicity, sex and disability,
// steering each target of the profile in order (inner groups first), and
// clears their pending flags.
void AssignPending(const PartnerProfile& profile, std::span<Person> people, Date census,
                   double scale, Rng& rng);

}  // namespace dxhub::sim
