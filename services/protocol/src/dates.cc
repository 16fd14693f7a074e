#include "dxhub/protocol/dates.h"

#include "dxhub/common/civil_date.h"

#include <cstdio>

namespace dxhub::protocol {
bool IsValidDate(const DateMsg& d) {
  if (d.year() < 1900 || d.year() > 2200) return false;
  if (d.month() < 1 || d.month() > 12) return false;
  return d.day() >= 1 && d.day() <= dxhub::DaysInMonth(d.year(), d.month());
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

int64_t DaysFromCivil(const DateMsg& date) { return dxhub::DaysFromCivil(date.year(), date.month(), date.day()); }

DateMsg CivilFromDays(int64_t days) {
  const CivilDate d = dxhub::CivilFromDays(days);
  return MakeDate(d.year, d.month, d.day);
}

}  // namespace dxhub::protocol
