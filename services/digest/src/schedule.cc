#include "dxhub/digest/schedule.h"

#include <stdexcept>

namespace dxhub::digest {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

// Far enough to reach a 29 February (leap years can be 8 years apart).
constexpr int kSearchDays = 8 * 366 + 1;

}  // namespace

std::string Slot::Id() const { return date::format("%Y-%m-%dT%H:%M", nominal); }

Result<LocalMinutes> ParseSlotId(std::string_view id) {
  const auto fail = [&] {
    return Status::InvalidArgument("slot \"" + std::string(id) +
                                   "\" is not a Europe/London local time of the form YYYY-MM-DDTHH:MM");
  };
  // YYYY-MM-DDTHH:MM, digits where expected.
  if (id.size() != 16 || id[4] != '-' || id[7] != '-' || id[10] != 'T' || id[13] != ':') return fail();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15}) {
    if (id[i] < '0' || id[i] > '9') return fail();
  }
  const auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  const date::year_month_day ymd{date::year{num(0, 4)}, date::month{static_cast<unsigned>(num(5, 2))},
                                 date::day{static_cast<unsigned>(num(8, 2))}};
  const int hour = num(11, 2);
  const int minute = num(14, 2);
  if (!ymd.ok() || hour > 23 || minute > 59) return fail();
  return LocalMinutes{date::local_days{ymd}} + hours(hour) + minutes(minute);
}

Result<SlotCalendar> SlotCalendar::Create(CronExpression cron) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(kScheduleZone);
  } catch (const std::exception& e) {
    return Status::Unavailable("cannot load the time zone " + std::string(kScheduleZone) + " (" + e.what() +
                               "); install Debian's tzdata (deploy/install-deps.sh)");
  }
  SlotCalendar calendar(std::move(cron), zone);
  // 2000-01-01 starts a leap-year cycle: an expression that fires at all fires within kSearchDays.
  if (!calendar.NextAfter(SysTime{date::sys_days{date::year{2000} / 1 / 1}}).ok()) {
    return Status::InvalidArgument("cron \"" + calendar.cron_.text +
                                   "\": never fires (no month has that day of the month); check fields 3 and 4");
  }
  return calendar;
}

SysTime SlotCalendar::FiringInstant(LocalMinutes nominal) const {
  const date::local_info info = zone_->get_info(nominal);
  switch (info.result) {
    case date::local_info::nonexistent:
      return info.second.begin;  // the first valid instant after the spring gap
    case date::local_info::ambiguous:
    case date::local_info::unique:
      break;
  }
  // Unique, or the first (summer-time) occurrence of the repeated autumn hour.
  return SysTime{std::chrono::duration_cast<std::chrono::seconds>(nominal.time_since_epoch()) - info.first.offset};
}

Result<Slot> SlotCalendar::NextAfter(SysTime after) const {
  // Start two local hours early: in the repeated autumn hour, the local clock
  // at `after` can be an hour behind a slot that still fires after it.
  const LocalMinutes start = date::floor<minutes>(zone_->to_local(after)) - hours(2);
  date::local_days day = date::floor<date::days>(start);
  for (int i = 0; i < kSearchDays; ++i, day += date::days{1}) {
    const date::year_month_day ymd{day};
    if (!cron_.MatchesDay(static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                          date::weekday{day}.c_encoding())) {
      continue;
    }
    for (int h = 0; h < 24; ++h) {
      if (!cron_.hours[static_cast<size_t>(h)]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!cron_.minutes[static_cast<size_t>(m)]) continue;
        const LocalMinutes nominal = LocalMinutes{day} + hours(h) + minutes(m);
        if (nominal < start) continue;
        const SysTime at = FiringInstant(nominal);
        if (at > after) return Slot{nominal, at};
      }
    }
  }
  return Status::NotFound("cron \"" + cron_.text + "\": does not fire in the " + std::to_string(kSearchDays) +
                          " days after " + date::format("%F %R UTC", after));
}

}  // namespace dxhub::digest
