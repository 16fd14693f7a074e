// Planning runs over real CSV files and real connector state (RocksDB).
#include "dxhub/connector/planner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "dxhub/csv/csv_source.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::connector {
namespace {
namespace ev = dxhub::event::v1;
namespace fs = std::filesystem;

class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dxhub-planner-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "src");
    config_.org_id = "BTHFT";
    config_.connector_id = "bthft-test";
    config_.profile = "generic";
    config_.source_dir = dir_ / "src";
    config_.mapping.version = "m1";
    config_.mapping.grades = {{"band 5", ev::TIER_CORE}, {"band 8a", ev::TIER_SENIOR}};
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

TEST_F(PlannerTest, TooManyBadRowsStopsTheRun) {
  Write("staff_2023-03-31.csv", {"E1,Band 5,Q1", "E2,Band 5,Q2", "E3,Band 5,A"});
  auto plan = Plan();
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.fatal[0].find("2 of 3 rows are bad"), std::string::npos) << plan.fatal[0];
  EXPECT_NE(plan.fatal[0].find("guards.max_bad_row_share"), std::string::npos);
}

}  // namespace
}  // namespace dxhub::connector
