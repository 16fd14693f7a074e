#include "dxhub/sim/civil_date.h"

#include <charconv>

#include "dxhub/common/civil_date.h"

namespace dxhub::sim {
namespace {

void AppendPadded(std::string& out, int value, int width) {
  char digits[8];
  int n = 0;
  for (; n < width; ++n) {
    digits[width - 1 - n] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<size_t>(width));
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days.
int32_t DaysFromCivil(Date date) {
  return static_cast<int32_t>(dxhub::DaysFromCivil(date.year, date.month, date.day));
}

Date CivilFromDays(int32_t days) {
  const CivilDate d = dxhub::CivilFromDays(days);
  return Date{d.year, d.month, d.day};
}

const std::vector<Date>& CensusDates() {
  static const std::vector<Date> dates = [] {
    std::vector<Date> out;
    for (int year = 2021; year <= 2023; ++year) {
      for (const Date quarter_end :
           {Date{year, 3, 31}, Date{year, 6, 30}, Date{year, 9, 30}, Date{year, 12, 31}}) {
        if (quarter_end <= Date{2023, 9, 30}) out.push_back(quarter_end);
      }
    }
    return out;
  }();
  return dates;
}

void AppendDate(std::string& out, Date date, DateStyle style) {
  if (style == DateStyle::kIso) {
    AppendPadded(out, date.year, 4);
    out.push_back('-');
    AppendPadded(out, date.month, 2);
    out.push_back('-');
    AppendPadded(out, date.day, 2);
  } else {
    AppendPadded(out, date.day, 2);
    out.push_back('/');
    AppendPadded(out, date.month, 2);
    out.push_back('/');
    AppendPadded(out, date.year, 4);
  }
}

std::string FormatDate(Date date, DateStyle style) {
  std::string out;
  AppendDate(out, date, style);
  return out;
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  Date date;
  const auto parse = [&](size_t at, size_t len, int& value) {
    const char* end = text.data() + at + len;
    return std::from_chars(text.data() + at, end, value).ptr == end;
  };
  if (!parse(0, 4, date.year) || !parse(5, 2, date.month) || !parse(8, 2, date.day)) {
    return std::nullopt;
  }
  if (date.month < 1 || date.month > 12 || date.day < 1) return std::nullopt;
  if (CivilFromDays(DaysFromCivil(date)) != date) return std::nullopt;
  return date;
}

int YearsBetween(Date birth, Date on) {
  return WholeYearsBetween({birth.year, birth.month, birth.day}, {on.year, on.month, on.day});
}

}  // namespace dxhub::sim
