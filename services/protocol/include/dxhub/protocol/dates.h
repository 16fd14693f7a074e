// Calendar dates of the event contract (dxhub.event.v1.Date): validation,
// ISO text and day numbers for arithmetic. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "dxhub/event/v1/types.pb.h"

namespace dxhub::protocol {

using DateMsg = dxhub::event::v1::Date;

// A real date between 1900-01-01 and 2200-12-31.
bool IsValidDate(const DateMsg& date);
// "YYYY-MM-DD" (zero-padded); "0000-00-00" for an unset date.
std::string DateToString(const DateMsg& date);
// Parses "YYYY-MM-DD"; nullopt if malformed or not a real date.
std::optional<DateMsg> ParseDate(const std::string& text);
// Days since 1970-01-01 (may be negative), for comparisons and windows.
int64_t DaysFromCivil(const DateMsg& date);
DateMsg CivilFromDays(int64_t days);
DateMsg MakeDate(int year, int month, int day);
// The aggregator's default calendar bounds (docs/protocol.md): an input dated
// before kEarliestFigureDay (1950-01-01, as days since 1970-01-01) or more than
// kHorizonDays after it was sent is held out of the figures. The connector
// warns about such rows with the same numbers.
inline constexpr int64_t kEarliestFigureDay = -7305;
inline constexpr int64_t kHorizonDays = 366;
// Whether the date is unset (all zero).
inline bool IsUnset(const DateMsg& date) { return date.year() == 0 && date.month() == 0 && date.day() == 0; }

}  // namespace dxhub::protocol
