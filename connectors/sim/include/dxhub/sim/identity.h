// Fake direct identifiers that look real and are deterministic: staff numbers
// (the partner's prefix and seven digits, a bijection of the person's serial,
// so numbers never collide), names drawn from small lists by origin and sex,
// and applicant / case / vacancy references. The connector must prove these
// never leave the partner. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dxhub/sim/person.h"

namespace dxhub::sim {

struct PersonName {
  std::string_view forename;
  std::string_view surname;
  std::string_view title;  // Mr, Mrs, Ms, Miss, Dr
};

PersonName NameOf(const PartnerProfile& profile, const Person& person);

// Appends prefix + seven digits; `serial` must be below 10,000,000.
void AppendStaffNumber(std::string& out, const PartnerProfile& profile, uint32_t serial);
std::string StaffNumber(const PartnerProfile& profile, uint32_t serial);

// Appends `prefix` followed by `number` zero-padded to `width` digits.
void AppendReference(std::string& out, std::string_view prefix, uint64_t number, int width);

}  // namespace dxhub::sim
