// Acceptance (connector issue): reruns send nothing new, a second extract
// yields exactly its joins, changes and leavers, and a wrong file stops the
// run before anything is sent.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <tuple>

#include "connector_site.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/event_id.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {

TEST(ConnectorRuns, RerunningTheSameExtractSendsNothingNew) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  SiteConfig config;
  config.event_files_yaml = "    recruitment: recruitment.csv\n";
  site.WriteConfig(config);
  WriteEsrExtract(site.source_dir(), "2023-03-31", MakePeople(120));
  WriteRecruitmentFile(site.source_dir(), ApplicantRefs(30, 7000));

  const auto first = site.RunOnce();
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_EQ(EventsToSend(first.out),
            (std::map<std::string, uint64_t>{{"grade_mapping_change", 1}, {"recruitment_outcome", 30}, {"staff_record", 120}}))
      << first.out;
  EXPECT_NE(first.out.find("sent: 151 accepted, 0 duplicates, 0 rejected"), std::string::npos) << first.out;
  const size_t head = ReadStoredEvents(store).size();
  ASSERT_EQ(head, 151u);

  const auto second = site.RunOnce();
  EXPECT_EQ(second.code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("events to send: none"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("skipped 30 events already sent in earlier runs"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("sent: 0 accepted, 0 duplicates, 0 rejected in 0 batches"), std::string::npos)
      << second.out;
  EXPECT_EQ(ReadStoredEvents(store).size(), head);
}

// (payload type, record kind or "", person key)
using Fact = std::tuple<std::string, std::string, std::string>;

TEST(ConnectorRuns, SecondExtractYieldsExactlyTheExpectedJoinsChangesAndLeavers) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  auto a = MakePeople(60);
  WriteEsrExtract(site.source_dir(), "2023-03-31", a);
  ASSERT_EQ(site.RunOnce().code, 0);
  const uint64_t head = ReadStoredEvents(store).size();
  ASSERT_EQ(head, 61u);  // 60 joins and the mapping announcement

  // A quarter later: three leave, four join, five change (grade, hours, ethnicity).
  std::set<Fact> expected;
  std::vector<FakePerson> b(a.begin() + 3, a.end());
  for (size_t i = 0; i < 3; ++i) expected.insert({"staff_left", "", site.PersonKey(a[i].staff_number)});
  for (const auto& p : MakePeople(4, 200001)) {
    b.push_back(p);
    expected.insert({"staff_record", "RECORD_KIND_JOIN", site.PersonKey(p.staff_number)});
  }
  b[10].grade = b[10].grade == "Band 7" ? "Band 8a" : "Band 7";
  b[11].grade = b[11].grade == "Band 7" ? "Band 8a" : "Band 7";
  b[12].fte = b[12].fte == "1.00" ? "0.80" : "1.00";
  b[13].fte = b[13].fte == "1.00" ? "0.80" : "1.00";
  b[14].ethnicity = b[14].ethnicity == "Z Not Stated" ? "A White - British" : "Z Not Stated";
  for (size_t i = 10; i < 15; ++i) expected.insert({"staff_record", "RECORD_KIND_CHANGE", site.PersonKey(b[i].staff_number)});
  WriteEsrExtract(site.source_dir(), "2023-06-30", b);

  const auto run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("staff changes: 4 joins, 5 changes, 3 leavers"), std::string::npos) << run.out;
  std::set<Fact> got;
  for (const auto& stored : ReadStoredEvents(store)) {
    if (stored.seq() <= head) continue;
    const auto& e = stored.event();
    EXPECT_EQ(protocol::DateToString(e.occurred_at()), "2023-06-30");
    const std::string type = protocol::PayloadType(e);
    if (e.has_staff_record()) {
      got.insert({type, event::v1::RecordKind_Name(e.staff_record().kind()), e.staff_record().person_key()});
    } else if (e.has_staff_left()) {
      got.insert({type, "", e.staff_left().person_key()});
    } else {
      got.insert({type, "", e.source_key()});
    }
  }
  EXPECT_EQ(got, expected);
}

TEST(ConnectorRuns, WrongFileStopsTheRunBeforeAnythingIsSent) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  const auto people = MakePeople(200);
  WriteEsrExtract(site.source_dir(), "2023-03-31", people);
  ASSERT_EQ(site.RunOnce().code, 0);
  const size_t head = ReadStoredEvents(store).size();
  ASSERT_EQ(head, 201u);

  // A department's file: a quarter of the headcount.
  const auto small = WriteEsrExtract(site.source_dir(), "2023-06-30", MakePeople(50, 300001));
  const std::string small_name = site.SourceName("staff_2023-06-30.csv");
  auto run = site.RunOnce();
  EXPECT_EQ(run.code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("STOP: " + small_name + ": headcount 50 differs from the previous extract's 200 by 75.0%"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("(guards.max_headcount_change); nothing was sent"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("nothing was enqueued or sent because of the problem(s) above"), std::string::npos) << run.out;
  EXPECT_EQ(ReadStoredEvents(store).size(), head);

  // The right headcount, but 20 of 220 rows unreadable (9.1%).
  std::filesystem::remove(small);
  std::vector<std::string> bad;
  for (auto p : MakePeople(20, 400001)) {
    p.ethnicity = "Martian";
    bad.push_back(EsrRow(p));
  }
  WriteEsrExtract(site.source_dir(), "2023-06-30", people, bad);
  run = site.RunOnce();
  EXPECT_EQ(run.code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("20 of 220 rows are bad (9.1%), above the limit of 5.0% (guards.max_bad_row_share); nothing "
                         "was sent"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(ReadStoredEvents(store).size(), head);

  // Fixed at source: the same quarter goes through.
  WriteEsrExtract(site.source_dir(), "2023-06-30", people);
  run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_EQ(ReadStoredEvents(store).size(), head);  // nobody changed
}

}  // namespace
}  // namespace dxhub::testing
