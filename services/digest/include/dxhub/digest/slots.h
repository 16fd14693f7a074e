// Exactly-once bookkeeping for schedule slots (issue 17): which slots are due
// now, which are late but still within the grace period, and which are skipped.
// The record of what was sent is the store's `digest_sent` events (never a local
// file): the caller loads them into SentSlots at start-up and adds each new one
// once the store has acknowledged it. Plain values; not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dxhub/digest/schedule.h"
#include "dxhub/event/v1/payloads.pb.h"

namespace dxhub::digest {

// The (schedule, slot) pairs already delivered.
class SentSlots {
 public:
  // Records one delivery, as read from a `digest_sent` event.
  void Add(const dxhub::event::v1::DigestSent& sent) { Add(sent.schedule_id(), sent.slot()); }
  void Add(std::string schedule_id, std::string slot_id) { sent_.emplace(std::move(schedule_id), std::move(slot_id)); }
  bool Contains(std::string_view schedule_id, std::string_view slot_id) const {
    return sent_.count({std::string(schedule_id), std::string(slot_id)}) > 0;
  }
  size_t size() const { return sent_.size(); }

 private:
  std::set<std::pair<std::string, std::string>> sent_;
};

struct GracePolicy {
  // A slot sent within this time of firing is on time; later, it is marked late.
  std::chrono::seconds on_time{std::chrono::minutes(5)};
  // A missed slot is still sent (marked late) up to this long after it fired.
  std::chrono::seconds grace{std::chrono::hours(24)};
};

enum class SlotVerdict {
  kSendOnTime,        // fired within GracePolicy::on_time: send it
  kSendLate,          // missed, within the grace period: send it, marked late
  kSkipPastGrace,     // missed by more than the grace period: log, do not send
  kSkipSuperseded,    // missed, and a later slot of the same schedule has fired: log, do not send
};

std::string_view SlotVerdictName(SlotVerdict verdict);

struct SlotDecision {
  Slot slot;
  SlotVerdict verdict;
  std::chrono::seconds lateness;  // now - slot.fires_at
};

struct SlotPlan {
  // Unsent slots that fired in (since, now], oldest first. Only the newest
  // slot can be sent; it is the last entry when it is.
  std::vector<SlotDecision> decisions;
  // Older skipped slots beyond the kMaxListedSkips newest ones, counted only.
  size_t unlisted_skips = 0;

  // The slot to send now, or nullptr.
  const SlotDecision* ToSend() const;
};

// Skipped slots listed individually in a plan (a schedule that fires every
// minute and was down for a month would otherwise list 40,000).
inline constexpr size_t kMaxListedSkips = 100;

// Decides about every slot of `calendar` that fired after `since` and at or
// before `now` and is not in `sent` under `schedule_id`. `since` is when the
// scheduler last planned this schedule; at start-up, the nominal firing of the
// schedule's newest recorded `digest_sent` slot, or (never sent) now - grace.
// Only the newest slot that has fired may be sent: a missed slot followed by a
// later one, sent or not, is superseded, because a digest reports the figures
// of the moment it is made.
Result<SlotPlan> PlanSlots(std::string_view schedule_id, const SlotCalendar& calendar, const SentSlots& sent,
                           SysTime since, SysTime now, const GracePolicy& policy);

}  // namespace dxhub::digest
