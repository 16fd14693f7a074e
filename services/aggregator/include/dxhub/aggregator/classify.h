// Classification and calendar helpers of the indicators: WRES ethnic groups
// (White / BME / unknown), tier ranks, census dates (quarter ends) and month
// arithmetic on day numbers. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dxhub/event/v1/types.pb.h"
#include "dxhub/protocol/tiers.h"

namespace dxhub::aggregator {

enum class EthnicGroup : uint8_t { kUnknown = 0, kWhite = 1, kBme = 2 };

// WRES: White = A, B, C and the White ONS groups (Gypsy/Irish Traveller,
// Roma); BME = every other stated group; NOT_STATED / NOT_KNOWN = unknown.
EthnicGroup GroupOf(dxhub::event::v1::Ethnicity e);

using protocol::TierRank;  // EXECUTIVE 4 ... CORE 1, unset 0

// The quarter end (31 Mar, 30 Jun, 30 Sep, 31 Dec) on or after `day`.
int64_t QuarterEndOnOrAfter(int64_t day);
// Quarter ends from the one on or after `first_day` to the one on or after `last_day`.
std::vector<int64_t> CensusDays(int64_t first_day, int64_t last_day);
// The same day of month `months` earlier, clamped to the month's length; a
// month end maps to the month end (30 Jun - 3 months = 31 Mar).
int64_t MonthsBefore(int64_t day, int months);
// "YYYY-MM-DD" of a day number.
std::string DayText(int64_t day);

}  // namespace dxhub::aggregator
