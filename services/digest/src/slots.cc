#include "dxhub/digest/slots.h"

#include <deque>
#include <optional>

namespace dxhub::digest {

std::string_view SlotVerdictName(SlotVerdict verdict) {
  switch (verdict) {
    case SlotVerdict::kSendOnTime:
      return "on time";
    case SlotVerdict::kSendLate:
      return "late";
    case SlotVerdict::kSkipPastGrace:
      return "skipped: past the grace period";
    case SlotVerdict::kSkipSuperseded:
      return "skipped: superseded by a later slot";
  }
  return "unknown";
}

const SlotDecision* SlotPlan::ToSend() const {
  if (decisions.empty()) return nullptr;
  const SlotDecision& last = decisions.back();
  return last.verdict == SlotVerdict::kSendOnTime || last.verdict == SlotVerdict::kSendLate ? &last : nullptr;
}

Result<SlotPlan> PlanSlots(std::string_view schedule_id, const SlotCalendar& calendar, const SentSlots& sent,
                           SysTime since, SysTime now, const GracePolicy& policy) {
  SlotPlan plan;
  std::deque<SlotDecision> skipped;
  const auto skip = [&](const Slot& slot) {
    const auto lateness = now - slot.fires_at;
    skipped.push_back({slot, lateness > policy.grace ? SlotVerdict::kSkipPastGrace : SlotVerdict::kSkipSuperseded,
                       lateness});
    if (skipped.size() > kMaxListedSkips) {
      skipped.pop_front();
      ++plan.unlisted_skips;
    }
  };
  // The newest slot seen so far that is not yet sent, held until a later one supersedes it.
  std::optional<Slot> pending;
  for (SysTime t = since;;) {
    auto next = calendar.NextAfter(t);
    if (!next.ok()) return next.status();
    if (next->fires_at > now) break;
    t = next->fires_at;
    if (pending) skip(*pending);
    pending.reset();
    if (!sent.Contains(schedule_id, next->Id())) pending = *next;
  }
  plan.decisions.assign(skipped.begin(), skipped.end());
  if (pending) {
    const auto lateness = now - pending->fires_at;
    SlotVerdict verdict = SlotVerdict::kSkipPastGrace;
    if (lateness <= policy.on_time) {
      verdict = SlotVerdict::kSendOnTime;
    } else if (lateness <= policy.grace) {
      verdict = SlotVerdict::kSendLate;
    }
    plan.decisions.push_back({*pending, verdict, lateness});
  }
  return plan;
}

}  // namespace dxhub::digest
