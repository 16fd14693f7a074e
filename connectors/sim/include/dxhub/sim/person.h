// One member of staff as the simulation holds them: 32 bytes, so millions fit
// comfortably. Names, staff numbers and birth dates are derived from `serial`
// when files are written (identity.h); pay from grade, point and date.
// Plain data; owned by a Population.
#pragma once

#include <cstdint>

#include "dxhub/sim/civil_date.h"
#include "dxhub/sim/ethnicity.h"
#include "dxhub/sim/partner_profile.h"

namespace dxhub::sim {

// Bits of Person::flags.
enum PersonFlag : uint8_t {
  kPendingEthnicity = 1,  // hired this quarter, ethnicity not yet chosen
  kPendingSex = 2,
  kPendingDisability = 4,
  kProtected = 8,  // scripted or on the leadership programme: no random moves
  kLeaving = 16,   // marked to leave this quarter
};
constexpr uint8_t kPendingAll = kPendingEthnicity | kPendingSex | kPendingDisability;

struct Person {
  uint32_t serial = 0;         // unique within the partner, never reused
  int32_t birth_day = 0;       // days since 1970-01-01
  int32_t start_day = 0;       // continuous service start
  int32_t assignment_day = 0;  // in the current grade since
  uint16_t fte_milli = 1000;
  uint8_t grade = 0;
  uint8_t pay_point = 0;
  uint8_t post = 0;        // index into the grade's posts
  uint8_t unit = 0;        // index into the partner's units
  uint8_t assignment = 1;  // 1 + promotions in the simulation
  uint8_t flags = 0;
  EthnicGroup ethnicity = EthnicGroup::kWhiteBritish;  // latent: what they would declare
  Declaration declaration = Declaration::kDeclared;
  Sex sex = Sex::kFemale;
  Disability disability = Disability::kNo;
  Contract contract = Contract::kPermanent;

  bool Has(PersonFlag flag) const { return (flags & flag) != 0; }
  void Set(PersonFlag flag) { flags = static_cast<uint8_t>(flags | flag); }
  void Clear(PersonFlag flag) { flags = static_cast<uint8_t>(flags & ~flag); }

  // Declared and not White: counts in a representation numerator.
  bool DeclaredDiverse() const {
    return declaration == Declaration::kDeclared && !IsWhite(ethnicity);
  }
  bool DeclaredWhite() const { return declaration == Declaration::kDeclared && IsWhite(ethnicity); }
};

static_assert(sizeof(Person) == 32, "keep Person small: millions are held at once");

// FTE-equivalent hourly pay on `date` (grade point, uplifted by pay awards), in pounds.
double HourlyPay(const PartnerProfile& profile, const Person& person, Date date);

}  // namespace dxhub::sim
