// Slot computation in Europe/London across both 2024 UK clock changes, and the
// exactly-once slot planning (issue 17, acceptance 2). Time is always given
// explicitly or by a FakeClock: no test waits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dxhub/common/clock.h"
#include "dxhub/digest/schedule.h"
#include "dxhub/digest/slots.h"

namespace dxhub::digest {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

SysTime Utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return SysTime{date::sys_days{date::year{y} / mo / d}} + hours(h) + minutes(mi) + seconds(s);
}

std::string Text(SysTime t) { return date::format("%F %T UTC", t); }

SlotCalendar Calendar(const std::string& cron) {
  auto parsed = ParseCron(cron);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto calendar = SlotCalendar::Create(*parsed);
  EXPECT_TRUE(calendar.ok()) << calendar.status().ToString();
  return std::move(calendar).value();
}

// "slot-id @ UTC instant" for every firing in (from, to].
std::vector<std::string> Firings(const SlotCalendar& calendar, SysTime from, SysTime to) {
  std::vector<std::string> out;
  for (SysTime t = from;;) {
    auto slot = calendar.NextAfter(t);
    EXPECT_TRUE(slot.ok()) << slot.status().ToString();
    if (!slot.ok() || slot->fires_at > to) break;
    out.push_back(slot->Id() + " @ " + date::format("%R", slot->fires_at));
    t = slot->fires_at;
  }
  return out;
}

TEST(DigestSchedule, A2_SlotsAreLondonTimeInWinterAndSummer) {
  const SlotCalendar c = Calendar("0 7 1 * *");
  auto jan = c.NextAfter(Utc(2024, 1, 1, 0, 0));
  ASSERT_TRUE(jan.ok());
  EXPECT_EQ(jan->Id(), "2024-01-01T07:00");
  EXPECT_EQ(Text(jan->fires_at), "2024-01-01 07:00:00 UTC");  // GMT
  auto jul = c.NextAfter(Utc(2024, 6, 15, 0, 0));
  ASSERT_TRUE(jul.ok());
  EXPECT_EQ(jul->Id(), "2024-07-01T07:00");
  EXPECT_EQ(Text(jul->fires_at), "2024-07-01 06:00:00 UTC");  // BST
}

TEST(DigestSchedule, A2_DayOfMonthOrDayOfWeekFiresOnBoth) {
  // November 2024: Friday 1st, Mondays 4th and 11th.
  const SlotCalendar c = Calendar("0 9 1 * MON");
  EXPECT_EQ(Firings(c, Utc(2024, 10, 31, 12, 0), Utc(2024, 11, 12, 0, 0)),
            (std::vector<std::string>{"2024-11-01T09:00 @ 09:00", "2024-11-04T09:00 @ 09:00",
                                      "2024-11-11T09:00 @ 09:00"}));
}

TEST(DigestSchedule, A2_TwentyNinthOfFebruaryWaitsForALeapYear) {
  auto next = Calendar("0 0 29 2 *").NextAfter(Utc(2024, 3, 1, 0, 0));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->Id(), "2028-02-29T00:00");
}

TEST(DigestSchedule, A2_ExpressionThatNeverFiresIsRejected) {
  auto parsed = ParseCron("0 7 30 2 *");
  ASSERT_TRUE(parsed.ok());
  auto calendar = SlotCalendar::Create(*parsed);
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(calendar.status().message().find("\"0 7 30 2 *\": never fires"), std::string::npos);
}

// 2024-03-31: at 01:00 GMT clocks go forward to 02:00 BST; 01:xx local does not exist.
TEST(DigestSchedule, A2_SpringGap2024FiresAtTheFirstValidTimeAfterIt) {
  const SlotCalendar c = Calendar("30 1 * * *");
  EXPECT_EQ(Firings(c, Utc(2024, 3, 30, 0, 0), Utc(2024, 4, 1, 12, 0)),
            (std::vector<std::string>{"2024-03-30T01:30 @ 01:30",    // GMT
                                      "2024-03-31T01:30 @ 01:00",    // the gap: 02:00 BST
                                      "2024-04-01T01:30 @ 00:30"}));  // BST
}

TEST(DigestSchedule, A2_SpringGap2024SlotsInsideTheGapFireOnce) {
  // Every 20 minutes: 01:00, 01:20, 01:40 and 02:00 local all land on 01:00 UTC; one firing.
  const SlotCalendar c = Calendar("*/20 * * * *");
  EXPECT_EQ(Firings(c, Utc(2024, 3, 31, 0, 30), Utc(2024, 3, 31, 1, 40)),
            (std::vector<std::string>{"2024-03-31T00:40 @ 00:40", "2024-03-31T01:00 @ 01:00",
                                      "2024-03-31T02:20 @ 01:20", "2024-03-31T02:40 @ 01:40"}));
}

// 2024-10-27: at 02:00 BST clocks go back to 01:00 GMT; 01:xx local happens twice.
TEST(DigestSchedule, A2_AutumnRepeatedHour2024FiresOnce) {
  const SlotCalendar c = Calendar("30 1 * * *");
  EXPECT_EQ(Firings(c, Utc(2024, 10, 26, 0, 0), Utc(2024, 10, 28, 12, 0)),
            (std::vector<std::string>{"2024-10-26T01:30 @ 00:30",    // BST
                                      "2024-10-27T01:30 @ 00:30",    // first pass (BST) only
                                      "2024-10-28T01:30 @ 01:30"}));  // GMT
}

TEST(DigestSchedule, A2_AutumnRepeatedHour2024EveryHalfHourFiresEachLocalTimeOnce) {
  const SlotCalendar c = Calendar("*/30 * * * *");
  EXPECT_EQ(Firings(c, Utc(2024, 10, 26, 23, 0), Utc(2024, 10, 27, 2, 30)),
            (std::vector<std::string>{"2024-10-27T00:30 @ 23:30", "2024-10-27T01:00 @ 00:00",
                                      "2024-10-27T01:30 @ 00:30", "2024-10-27T02:00 @ 02:00",
                                      "2024-10-27T02:30 @ 02:30"}));
  // Asked from inside the second pass (01:10 GMT), the next slot is 02:00 GMT.
  auto next = c.NextAfter(Utc(2024, 10, 27, 1, 10));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->Id(), "2024-10-27T02:00");
}

TEST(DigestSchedule, A2_SlotIdRoundTrips) {
  const SlotCalendar c = Calendar("30 1 * * *");
  auto slot = c.NextAfter(Utc(2024, 10, 26, 12, 0));
  ASSERT_TRUE(slot.ok());
  auto parsed = ParseSlotId(slot->Id());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, slot->nominal);
  EXPECT_EQ(c.FiringInstant(*parsed), slot->fires_at);
  for (const char* bad : {"2024-10-27 01:30", "2024-02-30T01:30", "2024-10-27T24:00", "2024-10-27T01:3x", ""}) {
    auto wrong = ParseSlotId(bad);
    ASSERT_FALSE(wrong.ok()) << bad;
    EXPECT_NE(wrong.status().message().find("YYYY-MM-DDTHH:MM"), std::string::npos);
  }
}

// --- exactly-once planning ---------------------------------------------------

const GracePolicy kPolicy{minutes(5), hours(24)};
constexpr const char* kMonthly = "monthly";

TEST(DigestSchedule, A2_SlotThatJustFiredIsDueOnTime) {
  const SlotCalendar c = Calendar("0 7 1 * *");
  auto plan = PlanSlots(kMonthly, c, SentSlots{}, Utc(2024, 11, 1, 6, 59), Utc(2024, 11, 1, 7, 0, 20), kPolicy);
  ASSERT_TRUE(plan.ok());
  ASSERT_NE(plan->ToSend(), nullptr);
  EXPECT_EQ(plan->ToSend()->slot.Id(), "2024-11-01T07:00");
  EXPECT_EQ(plan->ToSend()->verdict, SlotVerdict::kSendOnTime);
  EXPECT_EQ(plan->decisions.size(), 1u);
  // Before it fires, nothing is due.
  auto early = PlanSlots(kMonthly, c, SentSlots{}, Utc(2024, 11, 1, 6, 0), Utc(2024, 11, 1, 6, 59, 59), kPolicy);
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->decisions.empty());
}

TEST(DigestSchedule, A2_RestartInsideASlotDoesNotSendItAgain) {
  const SlotCalendar c = Calendar("0 7 1 * *");
  SentSlots sent;
  dxhub::event::v1::DigestSent record;  // as read back from the store
  record.set_schedule_id(kMonthly);
  record.set_slot("2024-11-01T07:00");
  record.set_channel("smtp");
  sent.Add(record);
  const SysTime restart = Utc(2024, 11, 1, 7, 2);
  // Whatever the restarted scheduler takes as `since`, the recorded slot is not due.
  for (SysTime since : {Utc(2024, 11, 1, 7, 0), restart - kPolicy.grace, Utc(2024, 10, 1, 0, 0)}) {
    auto plan = PlanSlots(kMonthly, c, sent, since, restart, kPolicy);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->ToSend(), nullptr) << "since " << Text(since);
  }
  // Another schedule's record does not count for this one.
  auto other = PlanSlots("quarterly", c, sent, Utc(2024, 11, 1, 6, 0), restart, kPolicy);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->ToSend(), nullptr);
}

TEST(DigestSchedule, A2_RestartInTheRepeatedAutumnHourDoesNotSendAgain) {
  const SlotCalendar c = Calendar("30 1 * * *");
  SentSlots sent;
  sent.Add(kMonthly, "2024-10-27T01:30");  // sent at 01:30 BST = 00:30 UTC
  // Restarted at 01:35 GMT, the second pass through 01:30 local.
  const SysTime restart = Utc(2024, 10, 27, 1, 35);
  auto plan = PlanSlots(kMonthly, c, sent, restart - kPolicy.grace, restart, kPolicy);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->ToSend(), nullptr);
  EXPECT_TRUE(plan->decisions.empty());
}

TEST(DigestSchedule, A2_MissedSlotWithinGraceIsSentLate) {
  const SlotCalendar c = Calendar("0 7 1 * *");
  // Down from 31 October until 09:00 on 1 November: two hours late, grace 24 h.
  auto plan = PlanSlots(kMonthly, c, SentSlots{}, Utc(2024, 10, 31, 12, 0), Utc(2024, 11, 1, 9, 0), kPolicy);
  ASSERT_TRUE(plan.ok());
  ASSERT_NE(plan->ToSend(), nullptr);
  EXPECT_EQ(plan->ToSend()->slot.Id(), "2024-11-01T07:00");
  EXPECT_EQ(plan->ToSend()->verdict, SlotVerdict::kSendLate);
  EXPECT_EQ(plan->ToSend()->lateness, hours(2));
  EXPECT_EQ(SlotVerdictName(plan->ToSend()->verdict), "late");
}

TEST(DigestSchedule, A2_MissedSlotPastGraceIsSkippedAndListed) {
  const SlotCalendar c = Calendar("0 7 1 * *");
  // Back at 07:00 on 3 November: 48 hours late, grace 24 h.
  auto plan = PlanSlots(kMonthly, c, SentSlots{}, Utc(2024, 10, 31, 12, 0), Utc(2024, 11, 3, 7, 0), kPolicy);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->ToSend(), nullptr);
  ASSERT_EQ(plan->decisions.size(), 1u);
  EXPECT_EQ(plan->decisions[0].slot.Id(), "2024-11-01T07:00");
  EXPECT_EQ(plan->decisions[0].verdict, SlotVerdict::kSkipPastGrace);
  EXPECT_EQ(plan->decisions[0].lateness, hours(48));
  // Exactly at the end of the grace period it is still sent.
  auto edge = PlanSlots(kMonthly, c, SentSlots{}, Utc(2024, 10, 31, 12, 0), Utc(2024, 11, 2, 7, 0), kPolicy);
  ASSERT_TRUE(edge.ok());
  ASSERT_NE(edge->ToSend(), nullptr);
  EXPECT_EQ(edge->ToSend()->verdict, SlotVerdict::kSendLate);
}

TEST(DigestSchedule, A2_OlderMissedSlotsAreSupersededByTheNewest) {
  const SlotCalendar c = Calendar("0 7 * * *");
  // Down from 4 November 06:00 to 6 November 08:00, grace 7 days: three daily slots missed.
  const GracePolicy week{minutes(5), hours(24 * 7)};
  auto plan = PlanSlots("daily", c, SentSlots{}, Utc(2024, 11, 4, 6, 0), Utc(2024, 11, 6, 8, 0), week);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->decisions.size(), 3u);
  EXPECT_EQ(plan->decisions[0].verdict, SlotVerdict::kSkipSuperseded);
  EXPECT_EQ(plan->decisions[1].verdict, SlotVerdict::kSkipSuperseded);
  ASSERT_NE(plan->ToSend(), nullptr);
  EXPECT_EQ(plan->ToSend()->slot.Id(), "2024-11-06T07:00");
  // An unsent slot older than one already sent is superseded too, never sent late.
  SentSlots sent;
  sent.Add("daily", "2024-11-06T07:00");
  auto after = PlanSlots("daily", c, sent, Utc(2024, 11, 4, 6, 0), Utc(2024, 11, 6, 8, 0), week);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->ToSend(), nullptr);
  EXPECT_EQ(after->decisions.size(), 2u);
}

TEST(DigestSchedule, A2_LongOutageListsOnlyTheNewestSkips) {
  const SlotCalendar c = Calendar("* * * * *");
  auto plan = PlanSlots("minutely", c, SentSlots{}, Utc(2024, 11, 1, 0, 0), Utc(2024, 11, 2, 0, 0), kPolicy);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->decisions.size(), kMaxListedSkips + 1);
  EXPECT_EQ(plan->unlisted_skips + plan->decisions.size(), 24u * 60u);
  EXPECT_EQ(plan->ToSend()->slot.Id(), "2024-11-02T00:00");
}

// A scheduler loop driven by a FakeClock, minute by minute through both 2024
// clock-change nights: each daily slot is sent exactly once.
TEST(DigestSchedule, A2_SchedulerLoopSendsEachSlotOnceThroughBothClockChanges) {
  const SlotCalendar c = Calendar("30 1 * * *");
  for (SysTime start : {Utc(2024, 3, 30, 12, 0), Utc(2024, 10, 26, 12, 0)}) {
    FakeClock clock(start);
    SentSlots sent;
    std::vector<std::string> sends;
    SysTime since = clock.Now();
    while (clock.Now() < start + hours(48)) {
      clock.Advance(minutes(1));
      auto plan = PlanSlots("daily", c, sent, since, clock.Now(), kPolicy);
      ASSERT_TRUE(plan.ok());
      since = clock.Now();
      if (const SlotDecision* send = plan->ToSend()) {
        EXPECT_EQ(send->verdict, SlotVerdict::kSendOnTime);
        sends.push_back(send->slot.Id() + " @ " + Text(clock.Now()));
        sent.Add("daily", send->slot.Id());
      }
    }
    if (start == Utc(2024, 3, 30, 12, 0)) {
      EXPECT_EQ(sends, (std::vector<std::string>{"2024-03-31T01:30 @ 2024-03-31 01:00:00 UTC",
                                                 "2024-04-01T01:30 @ 2024-04-01 00:30:00 UTC"}));
    } else {
      EXPECT_EQ(sends, (std::vector<std::string>{"2024-10-27T01:30 @ 2024-10-27 00:30:00 UTC",
                                                 "2024-10-28T01:30 @ 2024-10-28 01:30:00 UTC"}));
    }
  }
}

}  // namespace
}  // namespace dxhub::digest
