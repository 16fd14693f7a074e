#include "dxhub/protocol/dates.h"

#include <cstdio>

namespace dxhub::protocol {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

bool IsValidDate(const DateMsg& d) {
  if (d.year() < 1900 || d.year() > 2200) return false;
  if (d.month() < 1 || d.month() > 12) return false;
  return d.day() >= 1 && d.day() <= DaysInMonth(d.year(), d.month());
}

std::string DateToString(const DateMsg& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year() % 10000, d.month() % 100, d.day() % 100);
  return buf;
}

std::optional<DateMsg> ParseDate(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
    return std::nullopt;
  }
  DateMsg date = MakeDate(y, m, d);
  if (!IsValidDate(date)) return std::nullopt;
  return date;
}

DateMsg MakeDate(int year, int month, int day) {
  DateMsg d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(const DateMsg& date) {
  int64_t y = date.year();
  const unsigned m = static_cast<unsigned>(date.month());
  const unsigned d = static_cast<unsigned>(date.day());
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

DateMsg CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return MakeDate(static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d));
}

}  // namespace dxhub::protocol
