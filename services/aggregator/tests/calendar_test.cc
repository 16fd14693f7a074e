// The census calendar's bounds (issue 19 item 5): one far-future or
// placeholder date must not stretch the calendar for every scope; such inputs
// are held out of the figures, counted per organisation and named in the
// indicator reply. And targets (issue 17): dated by when they were set.
#include <unistd.h>

#include <filesystem>

#include "dxhub/aggregator/engine.h"
#include "dxhub/aggregator/query.h"
#include "dxhub/common/crypto.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

namespace fs = std::filesystem;

// 2026-11-26 00:00 UTC, when the store committed the events below.
constexpr int64_t kCommitted = 1795651200;

void CommitAll(History& h) {
  for (auto& e : h.events()) e.mutable_committed_at()->set_seconds(kCommitted);
}

History Workforce() {
  History h;
  h.Staffs(1, 20, "2023-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(40, 10, "2023-01-10", TIER_SENIOR, ETHNICITY_J_ASIAN_PAKISTANI);
  h.Staff(99, "2023-08-01", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  return h;
}

TEST(CalendarBounds, F5_AFarFutureDateIsHeldOutOfTheCalendar) {
  History h = Workforce();
  h.Staff(200, "2200-12-31", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  CommitAll(h);
  const State state = h.Build();
  ASSERT_TRUE(state.last_day().has_value());
  EXPECT_EQ(DayText(*state.last_day()), "2023-08-01");  // not 2200-12-31
  EXPECT_EQ(CensusDays(*state.first_day(), *state.last_day()).size(), 3u);
  const HeldOut& held = state.orgs().at("BTHFT").held_out;
  EXPECT_EQ(held.beyond_horizon, 1u);
  EXPECT_EQ(held.before_earliest, 0u);
  EXPECT_EQ(held.last_seq, h.events().size());
  EXPECT_EQ(DayText(held.last_day), "2200-12-31");
  EXPECT_EQ(held.last_type, "staff_record");
  EXPECT_EQ(state.entries(), h.events().size() - 1);
}

TEST(CalendarBounds, F5_APlaceholderDateIsHeldOutOfTheCalendar) {
  History h = Workforce();
  h.Staff(201, "1900-01-01", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Training(1, "1900-01-01");
  CommitAll(h);
  const State state = h.Build();
  EXPECT_EQ(DayText(*state.first_day()), "2023-01-10");  // not 1900-01-01
  EXPECT_EQ(state.orgs().at("BTHFT").held_out.before_earliest, 2u);
  EXPECT_EQ(state.orgs().at("BTHFT").held_out.last_type, "training_access");
}

TEST(CalendarBounds, F5_ANearFutureDateInsideTheHorizonCounts) {
  History h = Workforce();
  h.Staff(202, "2027-06-30", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);  // 216 days after commit
  CommitAll(h);
  const State state = h.Build();
  EXPECT_EQ(DayText(*state.last_day()), "2027-06-30");
  EXPECT_EQ(state.orgs().at("BTHFT").held_out.beyond_horizon, 0u);
}

TEST(CalendarBounds, F5_TheBoundsComeFromConfiguration) {
  auto s = ParseIndicatorSettings("calendar:\n  earliest: 2000-01-01\n  horizon_days: 30\n", "agg.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(DayText(s->calendar.earliest_day), "2000-01-01");
  EXPECT_EQ(s->calendar.horizon_days, 30);
  EXPECT_EQ(DayText(IndicatorSettings().calendar.earliest_day), "1950-01-01");
  auto bad = ParseIndicatorSettings("calendar:\n  earliest: 2000-13-01\n", "agg.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("agg.yaml:2:"), std::string::npos) << bad.status().ToString();
  EXPECT_NE(bad.status().message().find("'2000-13-01' is not a date"), std::string::npos) << bad.status().ToString();

  History h = Workforce();
  h.Staff(203, "2027-06-30", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  CommitAll(h);
  State state(s->calendar);
  for (const auto& e : h.events()) (void)state.Apply(e);
  EXPECT_EQ(state.orgs().at("BTHFT").held_out.beyond_horizon, 1u);  // beyond 30 days
}

TEST(CalendarBounds, ReferencePopulationWithoutGroupsIsAccepted) {
  auto s = ParseIndicatorSettings("reference_population:\n  name: Leeds\n  bme_percent: 30\n", "agg.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_DOUBLE_EQ(s->population.bme_share, 0.30);
}

class CalendarEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitCrypto();
    dir_ = fs::temp_directory_path() /
           ("dxhub-cal-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(CalendarEngineTest, F5_OneFarFutureRecordChangesNoCubeAndIsNamedInTheReply) {
  History clean = Workforce();
  CommitAll(clean);
  History dirty = Workforce();
  dirty.Staff(200, "2200-12-31", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  CommitAll(dirty);
  std::string clean_digest;
  {
    auto engine = Engine::Open(dir_ / "clean", ExactSettings());
    ASSERT_TRUE(engine.ok());
    ASSERT_TRUE((*engine)->Apply(clean.events()).ok());
    ASSERT_TRUE((*engine)->Refresh().ok());
    clean_digest = AllCubesDigest((*engine)->cubes());
  }
  for (int reopen = 0; reopen < 2; ++reopen) {  // live, then loaded from the aggregator's own state
    auto engine = Engine::Open(dir_ / "dirty", ExactSettings());
    ASSERT_TRUE(engine.ok());
    if (reopen == 0) {
      ASSERT_TRUE((*engine)->Apply(dirty.events()).ok());
    }
    ASSERT_TRUE((*engine)->Refresh().ok());
    EXPECT_EQ((*engine)->cubes().cubes().size(), 6u);  // 3 census dates x (BTHFT + place)
    EXPECT_EQ(AllCubesDigest((*engine)->cubes()), clean_digest);
    v1::IndicatorResponse reply;
    AddHeldOut((*engine)->state(), "BTHFT", reply);
    ASSERT_EQ(reply.held_out_size(), 1);
    EXPECT_EQ(reply.held_out(0).beyond_horizon(), 1u);
    const auto lines = DescribeHeldOut(reply);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0],
              "BTHFT: 1 input held out of the figures (1 dated more than the horizon after it was sent); the "
              "latest, staff_record seq 32, is dated 2200-12-31: correct the date at source");
    v1::IndicatorResponse other;
    AddHeldOut((*engine)->state(), "LTHT", other);
    EXPECT_EQ(other.held_out_size(), 0);
    v1::IndicatorResponse place;
    AddHeldOut((*engine)->state(), std::string(kPlaceScope), place);
    EXPECT_EQ(place.held_out_size(), 1);
  }
}

// Issue 17: a target set in 2023 and due in 2026 is in force from 2023 and
// does not stretch the calendar to its due date (the connector dates it by
// set_date; see connectors/runtime/tests for that side).
TEST(CalendarBounds, Issue17_ATargetDueLaterDoesNotStretchTheCalendar) {
  History h = Workforce();
  Event e = h.Envelope("2023-02-01");
  auto* t = e.mutable_organisation_target();
  t->set_target_id("bthft-senior-bme");
  t->set_indicator("representation_bme");
  t->set_scope("senior_and_above");
  t->set_value_percent(35);
  *t->mutable_due_on() = *protocol::ParseDate("2026-03-31");
  h.Add(std::move(e));
  CommitAll(h);
  const State state = h.Build();
  EXPECT_EQ(DayText(*state.last_day()), "2023-08-01");
  const Cube cube = ComputeCube(state, "BTHFT", Day("2023-03-31"), ExactSettings(), {});
  bool found = false;
  for (const auto& c : cube.cells()) found |= c.indicator() == "target" && c.breakdown() == "target=bthft-senior-bme";
  EXPECT_TRUE(found) << "the target set on 2023-02-01 is in force at the 2023-03-31 census";
}

}  // namespace
}  // namespace dxhub::aggregator::testing
