// WorkforceIndex walks each org's timelines beside the days asked (all the
// census days from the first asked, or one day alone); it must find exactly
// the members (same people, same records, same tiers, same order) that a
// look-up of each person on each day (InPost) finds, whatever the timeline:
// joins, leavers, returners, several records on one day, records between and
// on census days, and a day asked before the sweep's first day.
#include <malloc.h>

#include <algorithm>
#include <vector>

#include "dxhub/aggregator/classify.h"
#include "dxhub/aggregator/cube_set.h"
#include "dxhub/aggregator/snapshot.h"
#include "dxhub/protocol/tiers.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

History Timelines() {
  History h("BTHFT");
  h.Staffs(1, 5, "2022-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staff(2, "2022-03-31", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);      // promoted on a census day
  h.Staff(2, "2022-03-31", TIER_MIDDLE, ETHNICITY_A_WHITE_BRITISH);      // and corrected the same day
  h.Left(3, "2022-05-01");
  h.Staff(3, "2023-02-01", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);      // returns
  h.Left(4, "2022-06-30");                                              // leaves on a census day
  h.Staff(6, "2022-09-30", TIER_SENIOR, ETHNICITY_J_ASIAN_PAKISTANI);    // joins on a census day
  h.Staff(7, "2022-10-01", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);
  h.Left(7, "2022-11-01");
  h.Left(7, "2022-11-02");                                              // left twice
  h.Staff(8, "2023-06-29", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staff(5, "2021-12-01", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);      // backdated before the first
  return h;
}

// Each person's record in post on `day`, looked up alone, under the mapping in force then.
std::vector<Member> LookedUp(const ScopeOrg& org, int64_t day) {
  const MappingInForce mapping = MappingInForce::Of(*org.state, day);
  std::vector<Member> out;
  uint32_t ordinal = 0;
  for (const auto& [person, timeline] : org.state->people) {
    const StaffEntry* e = InPost(timeline, day);
    if (e != nullptr) out.push_back(Member::Of(e, mapping.TierOf(*e), GroupOf(e->ethnicity()), ordinal));
    ++ordinal;
  }
  return out;
}

void ExpectSame(const std::vector<Member>& swept, const std::vector<Member>& alone, int64_t day) {
  ASSERT_EQ(swept.size(), alone.size()) << "day " << day;
  for (size_t i = 0; i < swept.size(); ++i) {
    EXPECT_EQ(swept[i].ordinal, alone[i].ordinal) << "day " << day << " member " << i;
    EXPECT_EQ(swept[i].record, alone[i].record) << "day " << day << " member " << i;
    EXPECT_EQ(swept[i].tier(), alone[i].tier()) << "day " << day << " member " << i;
    EXPECT_EQ(swept[i].group, alone[i].group) << "day " << day << " member " << i;
  }
}

TEST(WorkforceIndex, ASweepOverTheCensusDaysFindsWhatEachDayAloneFinds) {
  const History h = Timelines();
  const State state = h.Build();
  const auto& [org_id, org] = *state.orgs().begin();
  const ScopeOrg scope{&org_id, &org};
  const std::vector<int64_t> days = CensusDays(*state.first_day(), *state.last_day());
  ASSERT_GE(days.size(), 6u);

  for (size_t first : {size_t{0}, size_t{2}}) {  // the sweep starts at the first day asked
    WorkforceIndex swept(days);
    const int64_t before = days[first] - 365;  // asked first, not a census day of this index's sweep
    ExpectSame(swept.Workforce(scope, before), LookedUp(scope, before), before);
    for (size_t i = first; i < days.size(); ++i) {
      ExpectSame(swept.Workforce(scope, days[i]), LookedUp(scope, days[i]), days[i]);
    }
    for (size_t i = 0; i < first; ++i) {  // earlier census days, after the sweep: computed alone
      ExpectSame(swept.Workforce(scope, days[i]), LookedUp(scope, days[i]), days[i]);
    }
  }
  WorkforceIndex without_days;  // every day computed alone
  for (int64_t day : days) ExpectSame(without_days.Workforce(scope, day), LookedUp(scope, day), day);
  // Someone is in post, someone has left, someone has returned: the history is not trivial.
  EXPECT_GT(LookedUp(scope, days.back()).size(), 3u);
}

// Issue 18: at scale 10 the index held every census day's workforce of every
// org at once (46% of a rebuild's peak heap). A walk now fills a few census
// days, and a refresh going forward in census order drops what no later cube
// reads (ForgetBefore); what it finds is unchanged, also for a day asked
// again after it was dropped.
TEST(WorkforceIndex, I18_AnIndexThatForgetsHoldsAFewDaysAndFindsTheSame) {
  History h = Timelines();
  h.Staff(9, "2024-08-01", TIER_SENIOR, ETHNICITY_J_ASIAN_PAKISTANI);
  h.Left(1, "2025-02-01");
  h.Staff(10, "2026-05-01", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  const State state = h.Build();
  const auto& [org_id, org] = *state.orgs().begin();
  const ScopeOrg scope{&org_id, &org};
  const std::vector<int64_t> days = CensusDays(*state.first_day(), *state.last_day());
  ASSERT_GE(days.size(), 15u);

  WorkforceIndex index(days, 2);
  size_t most = 0;
  for (size_t i = 0; i < days.size(); ++i) {  // as a refresh reads: the census day and a year before
    ExpectSame(index.Workforce(scope, days[i]), LookedUp(scope, days[i]), days[i]);
    const int64_t start = MonthsBefore(days[i], 12);
    ExpectSame(index.Workforce(scope, start), LookedUp(scope, start), start);
    most = std::max(most, index.days_held());
    if (i + 1 < days.size()) index.ForgetBefore(MonthsBefore(days[i + 1], 12));
  }
  EXPECT_LE(most, 7u) << "of " << days.size() << " census days";  // a year back and a walk ahead
  ExpectSame(index.Workforce(scope, days[1]), LookedUp(scope, days[1]), days[1]);  // refilled alike

  WorkforceIndex kept(days, 2);  // nothing forgotten: every day asked stays
  for (int64_t day : days) ExpectSame(kept.Workforce(scope, day), LookedUp(scope, day), day);
  EXPECT_EQ(kept.days_held(), days.size());
}

// Issue 18: the index holds a member per person in post per day, for a walk's
// days at once, and at scale 10 a refresh's indexes held the place's whole
// workforce for a dozen days; a member is 16 bytes (it was 24).
TEST(WorkforceIndex, I18_AMemberOfAHeldWorkforceTakesSixteenBytes) {
  History h;
  constexpr int kPeople = 1000;
  h.Staffs(0, kPeople, "2022-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staff(0, "2023-12-01", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  const State state = h.Build();
  const auto& [org_id, org] = *state.orgs().begin();
  const ScopeOrg scope{&org_id, &org};
  const std::vector<int64_t> days = CensusDays(*state.first_day(), *state.last_day());
  ASSERT_GE(days.size(), 7u);  // 2022-03-31 on: one walk
  WorkforceIndex index(days);
  const size_t before = mallinfo2().uordblks;
  EXPECT_EQ(index.Workforce(scope, days[0]).size(), static_cast<size_t>(kPeople));
  const size_t after = mallinfo2().uordblks;
  if (after == before) GTEST_SKIP() << "this build's allocator keeps no mallinfo2 figures (a sanitizer build)";
  const size_t held = index.days_held();
  EXPECT_EQ(held, std::min(days.size(), WorkforceIndex::kSweepDays));
  const double per_member = static_cast<double>(after - before) / static_cast<double>(kPeople * held);
  // 1,000 members in a vector of 1,024 places, and a share of the day's map node and mapping.
  EXPECT_LT(per_member, 20.0) << after - before << " bytes for " << kPeople * held << " members";
  // What a member says is what the figures read.
  const StaffEntry* record = InPost(*org.TimelineOf(History::Person(0)), days.back());
  const std::vector<Member>& last = index.Workforce(scope, days.back());
  auto promoted = std::find_if(last.begin(), last.end(), [&](const Member& m) { return m.record == record; });
  ASSERT_NE(promoted, last.end());
  EXPECT_EQ(promoted->tier(), TIER_SENIOR);
  EXPECT_EQ(promoted->group, EthnicGroup::kWhite);
}

// Who moved up a tier and who left since `start`, as the progression figures
// counted them before issue 18's change: the two days' workforces held, and
// matched by ordinal.
Movement Merged(const ScopeOrg& org, int64_t start, int64_t day) {
  Movement m;
  const std::vector<Member> then = LookedUp(org, start);
  const std::vector<Member> now = LookedUp(org, day);
  auto at = now.begin();
  for (const Member& was : then) {
    while (at != now.end() && at->ordinal < was.ordinal) ++at;
    if (at == now.end() || at->ordinal != was.ordinal) {
      m.left.Add(was.group, true);
      continue;
    }
    m.left.Add(was.group, false);
    m.moved.Add(was.group, protocol::TierRank(at->tier()) > protocol::TierRank(was.tier()));
  }
  return m;
}

void ExpectSame(const GroupRates& walked, const GroupRates& merged, const std::string& what) {
  EXPECT_EQ(walked.white, merged.white) << what;
  EXPECT_EQ(walked.white_base, merged.white_base) << what;
  EXPECT_EQ(walked.bme, merged.bme) << what;
  EXPECT_EQ(walked.bme_base, merged.bme_base) << what;
  EXPECT_EQ(walked.all, merged.all) << what;
  EXPECT_EQ(walked.all_base, merged.all_base) << what;
}

// Issue 18: the progression figures read the workforce of a year before each
// census day, so a refresh's index held a year of census days' workforces
// besides its walk's. The walk that fills a census day now counts the
// movement since the window's start itself; the counts must be those the two
// workforces gave, through promotions, leavers, returners and records on the
// days themselves, with the census days walked together or alone.
TEST(WorkforceIndex, I18_AWalkCountsWhoMovedUpAndWhoLeftAsTheTwoDaysWorkforcesDid) {
  History h = Timelines();
  h.Staff(1, "2022-12-01", TIER_MIDDLE, ETHNICITY_A_WHITE_BRITISH);      // promoted
  h.Staff(6, "2023-03-31", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);      // moved down, on a census day
  h.Staff(8, "2023-09-30", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);      // promoted on a census day
  h.Left(5, "2023-12-31");
  const State state = h.Build();
  const auto& [org_id, org] = *state.orgs().begin();
  const ScopeOrg scope{&org_id, &org};
  const std::vector<int64_t> days = CensusDays(*state.first_day(), *state.last_day());
  ASSERT_GE(days.size(), 8u);

  int64_t moved = 0, left = 0;
  for (size_t sweep : {size_t{1}, size_t{3}, WorkforceIndex::kSweepDays}) {
    WorkforceIndex walked(days, sweep, 12);
    WorkforceIndex alone;  // no census days: each movement walked on its own
    for (size_t i = 0; i < days.size(); ++i) {
      const int64_t start = MonthsBefore(days[i], 12);
      const Movement expected = Merged(scope, start, days[i]);
      const std::string what = "sweep " + std::to_string(sweep) + ", census day " + std::to_string(i);
      const Movement& m = walked.MovementOf(scope, start, days[i]);
      ExpectSame(m.moved, expected.moved, what + " moved");
      ExpectSame(m.left, expected.left, what + " left");
      ExpectSame(alone.MovementOf(scope, start, days[i]).left, expected.left, what + " left, alone");
      ExpectSame(alone.MovementOf(scope, start, days[i]).moved, expected.moved, what + " moved, alone");
      ExpectSame(walked.Workforce(scope, days[i]), LookedUp(scope, days[i]), days[i]);
      moved += expected.moved.all;
      left += expected.left.all;
      if (i + 1 < days.size()) walked.ForgetBefore(days[i + 1]);
    }
    EXPECT_LE(walked.most_days_held(), sweep) << "a walk's days, and no start day's workforce";
  }
  EXPECT_GT(moved, 0) << "someone moved up: the history is not trivial";
  EXPECT_GT(left, 0) << "someone left";
}

// Issue 18: a refresh's index held a year back and a walk ahead, a dozen
// census days of the place's whole workforce (43% of a scale-3 rebuild's peak
// heap); it now holds a walk's days at most.
TEST(WorkforceIndex, I18_ARefreshHoldsAtMostOneWalksDaysOfWorkforces) {
  History h;
  h.Staffs(0, 30, "2020-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(30, 20, "2020-02-10", TIER_SENIOR, ETHNICITY_J_ASIAN_PAKISTANI);
  h.Staff(1, "2021-05-01", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  h.Left(31, "2022-07-01");
  h.Staff(60, "2024-11-20", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);
  IndicatorSettings settings = ExactSettings();
  settings.refresh_threads = 1;
  State state(settings.calendar);
  CubeSet set(settings);
  uint64_t seq = 0;
  for (StoredEvent e : h.events()) {
    e.set_seq(++seq);
    if (auto change = state.Apply(e)) set.MarkDirty(*change);
  }
  set.Refresh(state, seq, nullptr, nullptr);
  ASSERT_GE(set.census_days().size(), WorkforceIndex::kSweepDays + 8) << "several walks, years of census days";
  EXPECT_GT(set.most_workforce_days(), 0u);
  EXPECT_LE(set.most_workforce_days(), WorkforceIndex::kSweepDays);
}

// Person facts resolved in windows that move forward (one scope's census
// days) are the facts a fresh index resolves for each window alone: the same
// facts, people and groups, in the same order; a window further back starts again.
TEST(WorkforceIndex, I18_PersonFactsInMovingWindowsAreWhatEachWindowAloneResolves) {
  History h = Timelines();
  h.Disciplinary(1, "2021-11-15");  // before person 1's first record: their first record's group
  h.Disciplinary(6, "2022-09-30");
  h.Disciplinary(3, "2022-08-01");  // between leaving and returning
  h.Disciplinary(9, "2022-10-10");  // no record names person 9
  for (const char* day : {"2022-02-01", "2022-04-01", "2022-04-01", "2022-07-15", "2023-01-31", "2023-03-31"}) {
    h.Training(2, day);
    h.Training(3, day);
  }
  const State state = h.Build();
  const auto& [org_id, org] = *state.orgs().begin();
  const std::vector<int64_t> days = CensusDays(*state.first_day(), *state.last_day());
  auto same = [](std::span<const WorkforceIndex::ResolvedFact> got, std::span<const WorkforceIndex::ResolvedFact> want,
                 const std::string& what) {
    ASSERT_EQ(got.size(), want.size()) << what;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].person, want[i].person) << what << " fact " << i;
      EXPECT_EQ(got[i].day, want[i].day) << what << " fact " << i;
      EXPECT_EQ(got[i].group, want[i].group) << what << " fact " << i;
      EXPECT_EQ(got[i].known, want[i].known) << what << " fact " << i;
    }
  };
  size_t seen = 0;
  for (const std::string type : {"disciplinary_case", "training_access"}) {
    WorkforceIndex moving(days);
    auto window = [&](int64_t to) {
      const int64_t from = MonthsBefore(to, 12);
      WorkforceIndex alone(days);
      const std::string what = type + " (" + DayText(from) + ", " + DayText(to) + "]";
      same(moving.PersonFacts(org, type, from, to), alone.PersonFacts(org, type, from, to), what);
      seen += alone.PersonFacts(org, type, from, to).size();
    };
    for (int64_t day : days) window(day);
    window(days[1]);  // further back: starts again
    window(days.back());  // then past the end of that window
  }
  EXPECT_GT(seen, 20u);  // the windows held facts
  WorkforceIndex index(days);
  const auto cases = index.PersonFacts(org, "disciplinary_case", INT64_MIN, days.back());
  ASSERT_EQ(cases.size(), 4u);
  EXPECT_EQ(cases[0].group, EthnicGroup::kWhite);  // dated before the first record
  EXPECT_TRUE(cases[0].known);
  EXPECT_EQ(cases[1].person, org.TimelineOf(History::Person(3)));
  EXPECT_EQ(cases[3].person, nullptr);  // person 9
}

}  // namespace
}  // namespace dxhub::aggregator::testing
