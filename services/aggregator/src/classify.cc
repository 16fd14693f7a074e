#include "dxhub/aggregator/classify.h"

#include <algorithm>

#include "dxhub/common/civil_date.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::aggregator {

using namespace dxhub::event::v1;

EthnicGroup GroupOf(Ethnicity e) {
  switch (e) {
    case ETHNICITY_A_WHITE_BRITISH:
    case ETHNICITY_B_WHITE_IRISH:
    case ETHNICITY_C_WHITE_OTHER:
    case ETHNICITY_WHITE_GYPSY_IRISH_TRAVELLER:
    case ETHNICITY_WHITE_ROMA:
      return EthnicGroup::kWhite;
    case ETHNICITY_UNSPECIFIED:
    case ETHNICITY_NOT_STATED:
    case ETHNICITY_NOT_KNOWN:
      return EthnicGroup::kUnknown;
    default:
      return EthnicGroup::kBme;
  }
}

int64_t QuarterEndOnOrAfter(int64_t day) {
  const auto d = protocol::CivilFromDays(day);
  const int quarter_month = ((d.month() - 1) / 3 + 1) * 3;
  return protocol::DaysFromCivil(protocol::MakeDate(d.year(), quarter_month, DaysInMonth(d.year(), quarter_month)));
}

std::vector<int64_t> CensusDays(int64_t first_day, int64_t last_day) {
  std::vector<int64_t> days;
  for (int64_t c = QuarterEndOnOrAfter(first_day); c <= QuarterEndOnOrAfter(last_day); c = QuarterEndOnOrAfter(c + 1)) {
    days.push_back(c);
  }
  return days;
}

int64_t MonthsBefore(int64_t day, int months) {
  const auto d = protocol::CivilFromDays(day);
  const int total = d.year() * 12 + (d.month() - 1) - months;
  const int year = total / 12;
  const int month = total % 12 + 1;
  // A month end maps to the month end (30 Jun - 3 months = 31 Mar, so census
  // dates line up); any other day is clamped to the target month's length.
  const bool month_end = d.day() == DaysInMonth(d.year(), d.month());
  const int dom = month_end ? DaysInMonth(year, month) : std::min(d.day(), DaysInMonth(year, month));
  return protocol::DaysFromCivil(protocol::MakeDate(year, month, dom));
}

std::string DayText(int64_t day) { return protocol::DateToString(protocol::CivilFromDays(day)); }

}  // namespace dxhub::aggregator
