// The national-scale place's synthesiser (bench/synth.h): a copied event is a
// valid event of another person, the same person in every event of a copy,
// and a synthesised store holds each workforce event and its copies in seq
// order, with the organisation's own facts once.
#include "dxhub/bench/synth.h"

#include <gtest/gtest.h>

#include "dxhub/bench/raw.h"
#include "dxhub/protocol/event_id.h"
#include "dxhub/protocol/sample_events.h"
#include "dxhub/protocol/validate.h"
#include "dxhub/store/event_log.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::bench {
namespace {

using event::v1::Event;
using event::v1::StoredEvent;

Event Recruitment(const std::string& applicant_seed, const std::string& vacancy) {
  Event e = protocol::SampleStaffRecord("BTHFT", 1);
  e.clear_staff_record();
  auto& r = *e.mutable_recruitment_outcome();
  r.set_applicant_key(protocol::SampleKey(applicant_seed));
  r.set_vacancy_ref(vacancy);
  r.set_tier(static_cast<event::v1::Tier>(1));
  r.set_ethnicity(static_cast<event::v1::Ethnicity>(1));
  r.set_sex(static_cast<event::v1::Sex>(1));
  r.set_disability(static_cast<event::v1::Disability>(1));
  r.set_shortlisted(true);
  e.set_source_key(r.applicant_key() + "/" + vacancy);
  protocol::AssignEventId(e);
  return e;
}

Event Survey() {
  Event e = protocol::SampleStaffRecord("BTHFT", 1);
  e.clear_staff_record();
  e.mutable_survey_result()->set_survey_id("nhs-staff-survey-2023");
  e.set_source_key("nhs-staff-survey-2023/wres5/SURVEY_GROUP_BME");
  protocol::AssignEventId(e);
  return e;
}

TEST(Synth, ACopiedStaffRecordIsAValidRecordOfAnotherPersonUnderItsOwnId) {
  const Event original = protocol::SampleStaffRecord("BTHFT", 7);
  ASSERT_EQ(protocol::ValidateEvent(original, {}), std::nullopt);
  const Event copy = CopyOfEvent(original, 1);
  EXPECT_EQ(protocol::ValidateEvent(copy, {}), std::nullopt) << protocol::ValidateEvent(copy, {})->reason;
  EXPECT_NE(copy.staff_record().person_key(), original.staff_record().person_key());
  EXPECT_TRUE(protocol::IsPseudonymousKey(copy.staff_record().person_key()));
  EXPECT_EQ(copy.source_key(), copy.staff_record().person_key());
  EXPECT_EQ(copy.event_id(), protocol::ComputeEventId(copy));
  EXPECT_NE(copy.event_id(), original.event_id());
  // Everything but the key is the original's.
  Event back = copy;
  back.mutable_staff_record()->set_person_key(original.staff_record().person_key());
  back.set_source_key(original.source_key());
  back.set_event_id(original.event_id());
  EXPECT_EQ(back.SerializeAsString(), original.SerializeAsString());
}

TEST(Synth, APersonIsOnePersonInEachCopyAndAnotherInEveryCopy) {
  const Event joined = protocol::SampleStaffRecord("BTHFT", 7, "2020-01-01");
  const Event changed = protocol::SampleStaffRecord("BTHFT", 7, "2022-06-30");
  ASSERT_EQ(joined.staff_record().person_key(), changed.staff_record().person_key());
  EXPECT_EQ(CopyOfEvent(joined, 2).staff_record().person_key(), CopyOfEvent(changed, 2).staff_record().person_key());
  EXPECT_NE(CopyOfEvent(joined, 1).staff_record().person_key(), CopyOfEvent(joined, 2).staff_record().person_key());
  EXPECT_NE(CopyOfEvent(joined, 1).staff_record().person_key(),
            CopyOfEvent(protocol::SampleStaffRecord("BTHFT", 8), 1).staff_record().person_key());
}

TEST(Synth, ARecruitmentOutcomesApplicantIsCopiedInTheSourceKeyAndTheVacancyKept) {
  const Event original = Recruitment("applicant-1", "VAC-2023-7");
  ASSERT_EQ(protocol::ValidateEvent(original, {}), std::nullopt);
  const Event copy = CopyOfEvent(original, 3);
  EXPECT_EQ(protocol::ValidateEvent(copy, {}), std::nullopt) << protocol::ValidateEvent(copy, {})->reason;
  EXPECT_NE(copy.recruitment_outcome().applicant_key(), original.recruitment_outcome().applicant_key());
  EXPECT_EQ(copy.recruitment_outcome().vacancy_ref(), "VAC-2023-7");
  EXPECT_EQ(copy.source_key(), copy.recruitment_outcome().applicant_key() + "/VAC-2023-7");
}

TEST(Synth, TheWorkforcesEventsAreCopiedAndTheOrganisationsAreNot) {
  EXPECT_TRUE(IsWorkforceEvent(protocol::SampleStaffRecord("BTHFT", 1)));
  EXPECT_TRUE(IsWorkforceEvent(Recruitment("a", "v")));
  EXPECT_FALSE(IsWorkforceEvent(Survey()));
}

TEST(Synth, ASynthesisedStoreHoldsEachWorkforceEventThenItsCopiesInSeqOrder) {
  const auto dir = testing::FreshTestDir("synth");
  const std::vector<Event> events = {protocol::SampleStaffRecord("BTHFT", 1), Survey(), Recruitment("a", "v")};
  {
    auto log = store::EventLog::Open(dir / "from");
    ASSERT_TRUE(log.ok()) << log.status().ToString();
    store::CommitBatch batch;
    for (size_t i = 0; i < events.size(); ++i) {
      StoredEvent& stored = batch.events.emplace_back();
      stored.set_seq(i + 1);
      stored.mutable_committed_at()->set_seconds(1700000000 + static_cast<int64_t>(i));
      *stored.mutable_event() = events[i];
    }
    ASSERT_TRUE((*log)->Commit(batch).ok());
  }
  auto made = SynthesisePlace(dir / "from", dir / "out", 3);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(made->read, 3u);
  EXPECT_EQ(made->written, 7u);  // 3 + 1 + 3
  EXPECT_EQ(SynthesisePlace(dir / "from", dir / "out", 3).status().code(), StatusCode::kAlreadyExists);

  std::vector<StoredEvent> out;
  {
    const auto family = ReadOnlyFamily::Open(dir / "out", "events");
    ASSERT_NE(family, nullptr);
    const auto it = family->NewIterator();
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSERT_TRUE(out.emplace_back().ParseFromArray(it->value().data(), static_cast<int>(it->value().size())));
    }
  }
  ASSERT_EQ(out.size(), 7u);
  const std::vector<std::pair<size_t, int>> expected = {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {2, 0}, {2, 1}, {2, 2}};
  for (size_t i = 0; i < out.size(); ++i) {
    const auto [from, copy] = expected[i];
    EXPECT_EQ(out[i].seq(), i + 1);
    EXPECT_EQ(out[i].committed_at().seconds(), 1700000000 + static_cast<int64_t>(from));
    const Event want = copy == 0 ? events[from] : CopyOfEvent(events[from], copy);
    EXPECT_EQ(out[i].event().SerializeAsString(), want.SerializeAsString()) << "seq " << i + 1;
  }
  // The id index and head are a store's: the store opens it and finds a copy by its id.
  auto log = store::EventLog::Open(dir / "out");
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_EQ((*log)->head_seq(), 7u);
  auto found = (*log)->FindEventId(out[5].event().event_id());
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->value_or(0), 6u);
}

}  // namespace
}  // namespace dxhub::bench
