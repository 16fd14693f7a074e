// Issue 15 (real partner files), defects 2, 3 and 6 through the real
// dxconnect and dxhub-store (and, for 6, the real dxhub-aggregator):
// conflicting duplicate staff numbers, start dates, and progression windows
// that end on month ends.
#include <gtest/gtest.h>

#include <fstream>

#include "connector_site.h"
#include "dxhub/aggregator/v1/aggregator.pb.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/testing/aggregator_process.h"
#include "esr_extract.h"

namespace dxhub::testing {
namespace {

namespace fs = std::filesystem;

// An ESR extract with a `Hire Date` column: `hire[i]` for people[i] ("" for blank).
fs::path WriteWithHireDates(const fs::path& dir, const std::string& census, const std::vector<FakePerson>& people,
                            const std::vector<std::string>& hire) {
  const fs::path path = dir / ("staff_" + census + ".csv");
  std::ofstream out(path);
  out << EsrHeader() << ",Hire Date\n";
  for (size_t i = 0; i < people.size(); ++i) out << EsrRow(people[i]) << "," << (i < hire.size() ? hire[i] : "") << "\n";
  return path;
}

// The stored staff events (records and leavers) of one person.
std::vector<event::v1::StoredEvent> EventsOf(const StoreProcess& store, const std::string& person_key) {
  std::vector<event::v1::StoredEvent> out;
  for (const auto& s : ReadStoredEvents(store)) {
    const auto& e = s.event();
    if ((e.has_staff_record() && e.staff_record().person_key() == person_key) ||
        (e.has_staff_left() && e.staff_left().person_key() == person_key)) {
      out.push_back(s);
    }
  }
  return out;
}

// Defect 2: one staff number on a Band 3 row and a Band 8b row kept the first
// with a warning, and the next quarter recorded a promotion that never happened.
TEST(PartnerFiles, D2_ConflictingDuplicateRowsAreRefusedAndNoFalsePromotionIsSent) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  auto people = MakePeople(40);
  people[5].grade = "Band 3";
  WriteEsrExtract(site.source_dir(), "2023-03-31", people);
  ASSERT_EQ(site.RunOnce().code, 0);

  // Next quarter: EMP100006 appears twice, Band 3 (line 7) and Band 8b (line 42);
  // EMP100011 twice with identical values.
  FakePerson twin = people[5];
  twin.grade = "Band 8b";
  fs::remove(site.source_dir() / "staff_2023-03-31.csv");
  WriteEsrExtract(site.source_dir(), "2023-06-30", people, {EsrRow(twin), EsrRow(people[10])});
  const auto run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  for (const char* line : {":7: column 'Employee Number' value 'EMP100006': duplicate staff number: also on row(s) 42 "
                           "with different grade, tier",
                           ":42: column 'Employee Number' value 'EMP100006': duplicate staff number: also on row(s) 7"}) {
    EXPECT_EQ(LinesWith(run.out, line).size(), 1u) << line << "\n" << run.out;
  }
  EXPECT_EQ(LinesWith(run.out, "warning: ").size(), 1u) << run.out;
  EXPECT_EQ(LinesWith(run.out, ":43: column 'Employee Number' value 'EMP100011': duplicate staff number with the "
                               "same values as row 12; sent once").size(), 1u) << run.out;
  EXPECT_NE(run.out.find("0 joins, 0 changes, 0 leavers"), std::string::npos) << run.out;

  // The hub holds one fact for the person: the Band 3 join. No promotion, no leaver.
  const auto facts = EventsOf(store, site.PersonKey("EMP100006"));
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].event().staff_record().grade(), "Band 3");
  EXPECT_EQ(facts[0].event().staff_record().tier(), event::v1::TIER_CORE);
}

// Defect 3: a joiner was dated by the first extract that showed them, and an
// impossible hire date passed as a good row.
TEST(PartnerFiles, D3_JoinersAreDatedByTheirStartDateAndBadStartDatesAreRowErrors) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  auto people = MakePeople(40);
  WriteWithHireDates(site.source_dir(), "2023-03-31", people, {"2023-02-01"});
  ASSERT_EQ(site.RunOnce().code, 0);
  // The first extract is the starting workforce, dated by its census.
  EXPECT_EQ(protocol::DateToString(EventsOf(store, site.PersonKey(people[0].staff_number))[0].event().occurred_at()),
            "2023-03-31");

  auto joiners = MakePeople(4, 300001);
  std::vector<FakePerson> next = people;
  next.insert(next.end(), joiners.begin(), joiners.end());
  std::vector<std::string> hire(people.size(), "2010-01-01");
  hire.insert(hire.end(), {"2023-05-02", "2023-02-30", "2023-07-15", "2019-06-01"});
  WriteWithHireDates(site.source_dir(), "2023-06-30", next, hire);
  const auto run = site.RunOnce();
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_EQ(LinesWith(run.out, ":43: column 'Hire Date' value '2023-02-30': '2023-02-30' is not a recognised date").size(),
            1u) << run.out;
  EXPECT_EQ(LinesWith(run.out, ":44: column 'Hire Date' value '2023-07-15': start date is after the census date "
                               "2023-06-30").size(), 1u) << run.out;
  EXPECT_NE(run.out.find("2 joins, 0 changes, 0 leavers"), std::string::npos) << run.out;

  // Inside the period (after 31 March, up to 30 June): dated by the start date.
  const auto in_period = EventsOf(store, site.PersonKey("EMP300001"));
  ASSERT_EQ(in_period.size(), 1u);
  EXPECT_EQ(in_period[0].event().staff_record().kind(), event::v1::RECORD_KIND_JOIN);
  EXPECT_EQ(protocol::DateToString(in_period[0].event().occurred_at()), "2023-05-02");
  // Before the period (a late-reported or returning starter): dated by the census.
  const auto before = EventsOf(store, site.PersonKey("EMP300004"));
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(protocol::DateToString(before[0].event().occurred_at()), "2023-06-30");
  // Bad start dates: nothing sent for them.
  EXPECT_TRUE(EventsOf(store, site.PersonKey("EMP300002")).empty());
  EXPECT_TRUE(EventsOf(store, site.PersonKey("EMP300003")).empty());
  // The start date itself never travels as a field of its own.
  for (const auto& s : ReadStoredEvents(store)) {
    EXPECT_EQ(s.event().SerializeAsString().find("2010-01-01"), std::string::npos);
  }
}

// Defect 6: with progression_window_months 3, 30 June minus 3 months was 30
// March, which missed the 31 March census, so nobody counted as in post at
// the start of the window.
TEST(PartnerFiles, D6_ThreeMonthProgressionWindowStartsOnTheMarchCensus) {
  StoreProcess store;
  store.Start();
  ConnectorSite site(store);
  site.WriteConfig();
  auto people = MakePeople(40);
  for (size_t i = 0; i < people.size(); ++i) {
    people[i].ethnicity = i % 2 ? "J Asian or Asian British - Pakistani" : "A White - British";
  }
  WriteEsrExtract(site.source_dir(), "2023-03-31", people);
  ASSERT_EQ(site.RunOnce().code, 0);
  for (size_t i = 0; i < 20; ++i) people[i].grade = "Band 8a";  // ten White and ten BME staff move up
  WriteEsrExtract(site.source_dir(), "2023-06-30", people);
  ASSERT_EQ(site.RunOnce().code, 0);
  const uint64_t head = ReadStoredEvents(store).size();

  AggregatorProcess aggregator(store, "d6", "  progression_window_months: 3\n");
  aggregator.Start();
  ASSERT_TRUE(aggregator.WaitApplied(head));
  wire::v1::Request request;
  request.mutable_indicators()->set_scope("BTHFT");
  request.mutable_indicators()->set_family(aggregator::v1::INDICATOR_FAMILY_PROGRESSION);
  const auto reply = aggregator.Call(request);
  ASSERT_FALSE(reply.has_error()) << reply.error().message();
  int found = 0;
  for (const auto& cube : reply.indicators().cubes()) {
    if (protocol::DateToString(cube.census_date()) != "2023-06-30") continue;
    for (const auto& cell : cube.cells()) {
      if (cell.indicator() != "progression_moved_up_rate") continue;
      ++found;
      EXPECT_FALSE(cell.suppressed()) << cell.DebugString();
      EXPECT_EQ(cell.numerator(), 10) << cell.DebugString();
      EXPECT_EQ(cell.denominator(), 20) << cell.DebugString();
    }
  }
  EXPECT_EQ(found, 2) << "progression_moved_up_rate for White and BME staff at 2023-06-30";
}

}  // namespace
}  // namespace dxhub::testing
