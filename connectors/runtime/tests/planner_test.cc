// Planning runs over real CSV files and real connector state (RocksDB).
#include "dxhub/testing/test_dir.h"
#include "dxhub/connector/planner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "dxhub/csv/csv_source.h"
#include "dxhub/protocol/dates.h"
#include "planner_config.h"

namespace dxhub::connector {
namespace {
namespace ev = dxhub::event::v1;
namespace fs = std::filesystem;

class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = dxhub::testing::FreshTestDir("planner");
    fs::create_directories(dir_ / "src");
    config_ = PlannerTestConfig(dir_ / "src");
    state_ = std::move(*ConnectorState::Open(dir_ / "state"));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::vector<std::string>& rows) {
    std::ofstream out(dir_ / "src" / name);
    out << "staff_number,grade,ethnicity\n";
    for (const auto& r : rows) out << r << "\n";
  }

  RunPlan Plan() {
    csv::CsvSource source(config_);
    auto plan = PlanRun(config_, *state_, p_, source);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return std::move(*plan);
  }

  fs::path dir_;
  ConnectorConfig config_;
  Pseudonymiser p_{"0123456789abcdef-secret", 1};
  std::unique_ptr<ConnectorState> state_;
};

TEST_F(PlannerTest, SameExtractTwiceSendsNothingNew) {
  Write("staff_2023-03-31.csv", {"E1,Band 5,A", "E2,Band 8a,J", "E3,Band 5,Z"});
  auto first = Plan();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.joins, 3u);
  EXPECT_EQ(first.events_by_type["staff_record"], 3u);
  EXPECT_EQ(first.events_by_type["grade_mapping_change"], 1u);
  ASSERT_TRUE(state_->Enqueue(first.batch).ok());
  auto second = Plan();
  EXPECT_TRUE(second.batch.events.empty());
}

TEST_F(PlannerTest, ChangedExtractYieldsExactlyTheJoinsChangesAndLeavers) {
  Write("staff_2023-03-31.csv", {"E1,Band 5,A", "E2,Band 5,J", "E3,Band 5,Z", "E4,Band 5,A"});
  ASSERT_TRUE(state_->Enqueue(Plan().batch).ok());
  // E2 promoted, E3 declares an ethnicity, E4 left, E5 and E6 joined.
  Write("staff_2023-06-30.csv", {"E1,Band 5,A", "E2,Band 8a,J", "E3,Band 5,H", "E5,Band 5,N", "E6,Band 5,A"});
  config_.guards.max_headcount_change = 0.5;
  auto plan = Plan();
  ASSERT_TRUE(plan.ok()) << plan.fatal[0];
  EXPECT_EQ(plan.joins, 2u);
  EXPECT_EQ(plan.changes, 2u);
  EXPECT_EQ(plan.leavers, 1u);
  for (const auto& e : plan.batch.events) {
    EXPECT_EQ(protocol::DateToString(e.occurred_at()), "2023-06-30");
    if (e.has_staff_left()) {
      EXPECT_EQ(e.staff_left().person_key(), p_.Key("staff", "E4"));
    }
  }
}

TEST_F(PlannerTest, WrongFileStopsTheRunBeforeAnythingIsEnqueued) {
  std::vector<std::string> rows;
  for (int i = 0; i < 100; ++i) rows.push_back("E" + std::to_string(i) + ",Band 5,A");
  Write("staff_2023-03-31.csv", rows);
  ASSERT_TRUE(state_->Enqueue(Plan().batch).ok());
  Write("staff_2023-06-30.csv", {"E1,Band 5,A", "E2,Band 5,A"});  // a department's file, not the trust's
  auto plan = Plan();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.fatal[0].find("headcount 2 differs from the previous extract's 100"), std::string::npos) << plan.fatal[0];
  EXPECT_NE(plan.fatal[0].find("guards.max_headcount_change"), std::string::npos);
}

TEST_F(PlannerTest, F6_EveryKeyChangingAtASteadyHeadcountStopsTheRun) {
  std::vector<std::string> before, after;
  for (int i = 0; i < 10; ++i) {
    before.push_back("E" + std::to_string(i) + ",Band 5,A");
    after.push_back("X" + std::to_string(i) + ",Band 5,A");  // same people, staff numbers in another form
  }
  Write("staff_2023-03-31.csv", before);
  ASSERT_TRUE(state_->Enqueue(Plan().batch).ok());
  Write("staff_2023-06-30.csv", after);
  auto plan = Plan();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.fatal[0].find("10 joiners and 10 leavers against the previous extract's 10 people (200.0%)"),
            std::string::npos)
      << plan.fatal[0];
  EXPECT_NE(plan.fatal[0].find("guards.max_churn"), std::string::npos);
  EXPECT_TRUE(plan.batch.events.empty());
  config_.guards.max_churn = 2.5;  // a partner who really replaced everyone says so
  EXPECT_TRUE(Plan().ok());
}

TEST_F(PlannerTest, TooManyBadRowsStopsTheRun) {
  Write("staff_2023-03-31.csv", {"E1,Band 5,Q1", "E2,Band 5,Q2", "E3,Band 5,A"});
  auto plan = Plan();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.fatal[0].find("2 of 3 rows are bad"), std::string::npos) << plan.fatal[0];
  EXPECT_NE(plan.fatal[0].find("guards.max_bad_row_share"), std::string::npos);
}

// Issue 15, defect 1: one byte that is not UTF-8 made the connector unusable.
class PlannerUtf8Test : public PlannerTest {
 protected:
  void SetUp() override {
    PlannerTest::SetUp();
    config_.guards.max_bad_row_share = 0.2;
  }

  // Staff E0.. with these staff groups (raw bytes); "" leaves that person out.
  void WriteGroups(const std::string& census, const std::vector<std::string>& staff_groups) {
    std::ofstream out(dir_ / "src" / ("staff_" + census + ".csv"), std::ios::binary);
    out << "staff_number,grade,ethnicity,staff_group\n";
    for (size_t i = 0; i < staff_groups.size(); ++i) {
      if (!staff_groups[i].empty()) out << "E" << i << ",Band 5,A," << staff_groups[i] << "\n";
    }
  }
};

TEST_F(PlannerUtf8Test, D1_NonUtf8ByteIsABadRowAndTheGoodRowsAreEnqueued) {
  std::vector<std::string> groups(10, "Nursing");
  groups[3] = "Admin \x96 Clerical";  // a Windows-1252 en dash
  WriteGroups("2023-03-31", groups);
  auto plan = Plan();
  ASSERT_TRUE(plan.ok()) << plan.fatal[0];
  ASSERT_EQ(plan.tables.size(), 1u);
  EXPECT_EQ(plan.tables[0].rows_bad, 1u);
  ASSERT_EQ(plan.tables[0].errors.size(), 1u);
  EXPECT_EQ(plan.tables[0].errors[0].row, 5u);
  EXPECT_EQ(plan.tables[0].errors[0].column, "staff_group");
  EXPECT_NE(plan.tables[0].errors[0].message.find("byte 0x96 at offset 119 is not valid UTF-8"), std::string::npos)
      << plan.tables[0].errors[0].message;
  EXPECT_EQ(plan.joins, 9u);
  ASSERT_TRUE(state_->Enqueue(plan.batch).ok());
}

TEST_F(PlannerUtf8Test, D1_APersonOnARowWithABadByteIsNotALeaver) {
  WriteGroups("2023-03-31", std::vector<std::string>(10, "Nursing"));
  ASSERT_TRUE(state_->Enqueue(Plan().batch).ok());
  std::vector<std::string> groups(10, "Nursing");
  groups[3] = "Admin \x96 Clerical";  // unreadable this time, still here
  groups[9] = "";                     // left
  WriteGroups("2023-06-30", groups);
  auto plan = Plan();
  ASSERT_TRUE(plan.ok()) << plan.fatal[0];
  EXPECT_EQ(plan.tables[0].rows_bad, 1u);
  EXPECT_EQ(plan.leavers, 1u);
  for (const auto& e : plan.batch.events) {
    if (e.has_staff_left()) {
      EXPECT_EQ(e.staff_left().person_key(), p_.Key("staff", "E9"));
    }
  }
}

TEST_F(PlannerUtf8Test, D1_Windows1252ExtractIsReadWhenTheEncodingIsSet) {
  std::vector<std::string> groups(10, "Nursing");
  groups[3] = "Admin \x96 Clerical";
  WriteGroups("2023-03-31", groups);
  config_.encoding = "windows-1252";
  auto plan = Plan();
  ASSERT_TRUE(plan.ok()) << plan.fatal[0];
  EXPECT_EQ(plan.tables[0].rows_bad, 0u);
  EXPECT_EQ(plan.batch.snapshot_puts.at(p_.Key("staff", "E3")).staff_group(), "Admin \xE2\x80\x93 Clerical");
}

}  // namespace
}  // namespace dxhub::connector
