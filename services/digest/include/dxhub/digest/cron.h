// Five-field cron expressions, "minute hour day-of-month month day-of-week",
// in Vixie cron syntax: `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`,
// lists `a,b-c`, month names JAN-DEC and weekday names SUN-SAT (either case);
// day-of-week 0 and 7 are Sunday. Day-of-month and day-of-week follow Vixie's
// rule: when both fields are restricted (neither starts with `*`) a day matches
// if EITHER matches; otherwise both must. Parsing errors name the field and the
// 1-based column in the expression. Plain values; thread-safe.
#pragma once

#include <bitset>
#include <string>
#include <string_view>

#include "dxhub/common/status.h"

namespace dxhub::digest {

struct CronExpression {
  std::string text;               // as written
  std::bitset<60> minutes;        // bit m: minute m (0-59)
  std::bitset<24> hours;          // bit h: hour h (0-23)
  std::bitset<32> days_of_month;  // bit d: day d (1-31); bit 0 unused
  std::bitset<13> months;         // bit m: month m (1-12); bit 0 unused
  std::bitset<7> days_of_week;    // bit w: weekday w (0 = Sunday)
  bool day_of_month_restricted = false;  // the field does not start with `*`
  bool day_of_week_restricted = false;

  // Whether a calendar day matches the month and day fields (Vixie's OR rule).
  // `weekday` is 0 for Sunday.
  bool MatchesDay(unsigned month, unsigned day, unsigned weekday) const;
};

// Parses `text`; an error reads like
//   cron "0 25 * * *": field 2 (hour) at column 3: 25 is out of range 0-23
Result<CronExpression> ParseCron(std::string_view text);

}  // namespace dxhub::digest
