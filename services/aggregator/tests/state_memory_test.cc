// Issue 18: the aggregator's memory grew by about 0.6 KB per event, most of
// it recruitment outcomes and training accesses each held as a protobuf
// Event. They are now held by what the indicators read of them: a tally per
// day, and (day, seq, interned key) per person fact.
#include <gtest/gtest.h>
#include <malloc.h>

#include <string>

#include "dxhub/protocol/labels.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

std::string DateOf(int i) {  // 2023-01-01, ..., one per day, 28 days a month (i < 336)
  const int month = 1 + i / 28, day = 1 + i % 28;
  return "2023-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-" + (day < 10 ? "0" : "") +
         std::to_string(day);
}

TEST(StateMemory, I18_RecruitmentAndTrainingTakeAFewBytesEachNotAnEvent) {
  History h;
  constexpr int kDays = 100, kPerDay = 50;
  for (int d = 0; d < kDays; ++d) {
    h.Recruitment(kPerDay, DateOf(d), d % 2 == 0 ? ETHNICITY_A_WHITE_BRITISH : ETHNICITY_J_ASIAN_PAKISTANI, d % 3 == 0);
    for (int n = 0; n < kPerDay; ++n) h.Training(n, DateOf(d));  // 50 people trained again each day
  }
  const size_t events = h.events().size();
  State state;
  const size_t before = mallinfo2().uordblks;
  for (const auto& e : h.events()) ASSERT_TRUE(state.Apply(e).has_value());
  const size_t after = mallinfo2().uordblks;
  if (after == before) GTEST_SKIP() << "this build's allocator keeps no mallinfo2 figures (a sanitizer build)";
  const double per_event = static_cast<double>(after - before) / static_cast<double>(events);
  // A kept Event cost ~600 bytes; a training fact is 24 bytes in its day's
  // vector (up to twice that with the vector's spare room), a recruitment
  // outcome a share of its day's tally.
  EXPECT_LT(per_event, 48.0) << after - before << " bytes for " << events << " inputs";

  // What was kept is what the indicators read.
  const OrgState& org = state.orgs().at("BTHFT");
  ASSERT_EQ(org.recruitment.size(), static_cast<size_t>(kDays));
  const RecruitmentTally& first = org.recruitment.begin()->second;  // day 0: White, all appointed
  EXPECT_EQ(first.shortlisted[static_cast<size_t>(EthnicGroup::kWhite)], kPerDay);
  EXPECT_EQ(first.appointed[static_cast<size_t>(EthnicGroup::kWhite)], kPerDay);
  EXPECT_EQ(first.shortlisted[static_cast<size_t>(EthnicGroup::kBme)], 0);
  const RecruitmentTally& second = std::next(org.recruitment.begin())->second;  // day 1: BME, none appointed
  EXPECT_EQ(second.shortlisted[static_cast<size_t>(EthnicGroup::kBme)], kPerDay);
  EXPECT_EQ(second.appointed[static_cast<size_t>(EthnicGroup::kBme)], 0);
  const PersonFacts& trained = org.person_facts.at("training_access");
  ASSERT_EQ(trained.size(), static_cast<size_t>(kDays));
  const std::vector<PersonFact>& day0 = trained.begin()->second;
  ASSERT_EQ(day0.size(), static_cast<size_t>(kPerDay));
  EXPECT_EQ(*day0[7].person_key, History::Person(7));
  EXPECT_LT(day0[6].seq, day0[7].seq);
  EXPECT_TRUE(org.facts.empty());
}

// Facts of one day keep their seq order whatever order they arrive in.
TEST(StateMemory, I18_PersonFactsOfOneDayKeepSeqOrder) {
  History h;
  for (int n = 0; n < 5; ++n) h.Disciplinary(n, "2023-03-01");
  std::vector<StoredEvent> events = h.events();
  std::reverse(events.begin(), events.end());
  State state;
  for (const auto& e : events) ASSERT_TRUE(state.Apply(e).has_value());
  const auto& day = state.orgs().at("BTHFT").person_facts.at("disciplinary_case").begin()->second;
  ASSERT_EQ(day.size(), 5u);
  for (size_t i = 0; i < day.size(); ++i) {
    EXPECT_EQ(day[i].seq, i + 1);
    EXPECT_EQ(*day[i].person_key, History::Person(static_cast<int>(i)));
  }
}


// Each staff record is one StaffEntry in its person's timeline: 32 bytes
// (issue 18: 80, the largest part of the State at scale 10).
TEST(StateMemory, I18_AStaffRecordTakesAboutThirtyTwoBytesInItsTimeline) {
  History h;
  constexpr int kPeople = 500, kRecords = 32;
  for (int k = 0; k < kRecords; ++k) {
    for (int n = 0; n < kPeople; ++n) {
      h.Staff(n, DateOf(k), k % 2 == 0 ? TIER_CORE : TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH, 1500 + k);
    }
  }
  State state;
  const size_t before = mallinfo2().uordblks;
  for (const auto& e : h.events()) ASSERT_TRUE(state.Apply(e).has_value());
  const size_t after = mallinfo2().uordblks;
  if (after == before) GTEST_SKIP() << "this build's allocator keeps no mallinfo2 figures (a sanitizer build)";
  const double per_record = static_cast<double>(after - before) / (kPeople * kRecords);
  // 32 bytes in a full vector, and a 32nd of the person's map node and key.
  EXPECT_LT(per_record, 48.0) << after - before << " bytes for " << kPeople * kRecords << " records";

  // What was kept is what the indicators read.
  const Timeline& t = *state.orgs().at("BTHFT").TimelineOf(History::Person(7));
  ASSERT_EQ(t.size(), static_cast<size_t>(kRecords));
  const StaffEntry& last = t.back();
  EXPECT_EQ(last.day, Day(DateOf(kRecords - 1)));
  EXPECT_EQ(last.seq(), static_cast<uint64_t>((kRecords - 1) * kPeople + 8));
  EXPECT_EQ(last.tier(), TIER_SENIOR);
  EXPECT_EQ(last.ethnicity(), ETHNICITY_A_WHITE_BRITISH);
  EXPECT_EQ(last.sex(), SEX_MALE);
  EXPECT_EQ(last.disability(), DISABILITY_NO);
  EXPECT_EQ(last.contract(), CONTRACT_TYPE_PERMANENT);
  EXPECT_EQ(last.hourly_pay_pence, 1500 + kRecords - 1);
  EXPECT_EQ(last.fte_milli, 1000);
  EXPECT_EQ(last.grade(), "Band 8a");
  EXPECT_EQ(last.folded_grade(), protocol::FoldLabel("Band 8a"));
  EXPECT_EQ(last.mapping_version(), "bthft-1");
  EXPECT_FALSE(last.left);
  // One interned text per version, whichever grade: readers gather versions by address.
  EXPECT_EQ(&t.front().mapping_version(), &last.mapping_version());
}

// Values the store refuses are kept as near as the fields allow, never wrapped.
TEST(StateMemory, I18_AnEntryClampsWhatItsFieldsCannotHold) {
  History h;
  StaffRecord& r = h.Staff(1, "2023-01-02", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  r.set_hourly_pay_pence(int64_t{1} << 40);
  r.set_tier(static_cast<Tier>(300));
  StaffRecord& s = h.Staff(2, "2023-01-02", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  s.set_hourly_pay_pence(-(int64_t{1} << 40));
  const State state = h.Build();
  const StaffEntry& high = state.orgs().at("BTHFT").TimelineOf(History::Person(1))->back();
  EXPECT_EQ(high.hourly_pay_pence, INT32_MAX);
  EXPECT_EQ(static_cast<int>(high.tier()), 255);
  EXPECT_EQ(state.orgs().at("BTHFT").TimelineOf(History::Person(2))->back().hourly_pay_pence, INT32_MIN);
}

}  // namespace
}  // namespace dxhub::aggregator::testing
