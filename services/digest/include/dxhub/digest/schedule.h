// When a cron expression fires, evaluated in Europe/London with date-tz (GCC 12
// has no C++20 time-zone database). A slot is identified by its NOMINAL local
// wall-clock minute ("2024-10-27T01:30"); across clock changes:
//   - autumn, the repeated hour: the slot fires once, at the first occurrence
//     (British Summer Time); the second pass through 01:xx fires nothing;
//   - spring, the skipped hour: a slot whose local time does not exist fires at
//     the first valid instant after the gap (02:00 BST); several nominal times
//     that land on the same instant fire once, as the earliest of them.
// A SlotCalendar is immutable after Create and safe to share between threads.
#pragma once

#include <date/tz.h>

#include <chrono>
#include <string>
#include <string_view>

#include "dxhub/common/status.h"
#include "dxhub/common/clock.h"
#include "dxhub/digest/cron.h"

namespace dxhub::digest {

// The zone every schedule is evaluated in (SPEC section 6).
inline constexpr std::string_view kScheduleZone = "Europe/London";

using LocalMinutes = date::local_time<std::chrono::minutes>;

struct Slot {
  LocalMinutes nominal;  // the wall-clock minute the cron expression names
  SysTime fires_at;      // the instant it fires (UTC)

  // The slot's identity, ISO-8601 local time in Europe/London without offset:
  // "2024-10-27T01:30". This is what `DigestSent.slot` records.
  std::string Id() const;
};

// Parses Slot::Id() text back into the nominal minute; InvalidArgument naming
// the text and the expected form otherwise.
Result<LocalMinutes> ParseSlotId(std::string_view id);

class SlotCalendar {
 public:
  // A calendar for `cron` in Europe/London. InvalidArgument when the
  // expression can never fire (e.g. "0 7 30 2 *"); Unavailable when the
  // system's time-zone data (Debian's tzdata) is missing.
  static Result<SlotCalendar> Create(CronExpression cron);

  // The first slot that fires strictly after `after`.
  Result<Slot> NextAfter(SysTime after) const;

  // The instant a nominal local minute fires, by the rules above.
  SysTime FiringInstant(LocalMinutes nominal) const;

  const CronExpression& cron() const { return cron_; }

 private:
  SlotCalendar(CronExpression cron, const date::time_zone* zone) : cron_(std::move(cron)), zone_(zone) {}

  CronExpression cron_;
  const date::time_zone* zone_;
};

}  // namespace dxhub::digest
