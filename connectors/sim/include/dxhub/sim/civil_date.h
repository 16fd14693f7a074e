// Calendar dates for the simulation: a plain (year, month, day) value, day
// arithmetic through days since 1970-01-01, the quarterly census dates, and
// the two date styles the partners' files use. Pure functions; thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dxhub::sim {

struct Date {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const Date&) const = default;
};

// Days since 1970-01-01 (negative before it); valid for the Gregorian calendar.
int32_t DaysFromCivil(Date date);
Date CivilFromDays(int32_t days);

// The quarter-end census dates the simulation produces extracts for:
// 2021-03-31, 2021-06-30, ... 2023-09-30 (eleven dates).
const std::vector<Date>& CensusDates();

// How a file writes dates: ISO "2023-03-31" or UK "31/03/2023".
enum class DateStyle { kIso, kUk };

void AppendDate(std::string& out, Date date, DateStyle style);
std::string FormatDate(Date date, DateStyle style = DateStyle::kIso);

// Parses "YYYY-MM-DD"; nullopt when malformed or not a real date.
std::optional<Date> ParseIsoDate(std::string_view text);

// Whole years between `birth` and `on` (an age).
int YearsBetween(Date birth, Date on);

}  // namespace dxhub::sim
