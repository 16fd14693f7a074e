// Defect 5 of issue 15: rotating the pseudonymisation secret must not turn
// everyone into a leaver and a joiner. Real CSV files and real connector
// state (RocksDB): rotate, then plan the next quarter under the new secret.
#include "dxhub/testing/test_dir.h"
#include "dxhub/connector/key_rotation.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "dxhub/connector/planner.h"
#include "dxhub/csv/csv_source.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::connector {
namespace {
namespace ev = dxhub::event::v1;
namespace fs = std::filesystem;

class KeyRotationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = dxhub::testing::FreshTestDir("rotation");
    fs::create_directories(dir_ / "src");
    config_.org_id = "BTHFT";
    config_.connector_id = "bthft-test";
    config_.source_dir = dir_ / "src";
    config_.event_files = {{EventFileKind::kTraining, "training.csv"}, {EventFileKind::kBoard, "board.csv"}};
    config_.mapping.version = "m1";
    config_.mapping.grades = {{"band 5", ev::TIER_CORE}, {"band 8a", ev::TIER_SENIOR}};
    config_.guards.max_headcount_change = 0.5;
    state_ = std::move(*ConnectorState::Open(dir_ / "state"));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& header, const std::vector<std::string>& rows) {
    std::ofstream out(dir_ / "src" / name);
    out << header << "\n";
    for (const auto& r : rows) out << r << "\n";
  }
  void Staff(const std::string& census, const std::vector<std::string>& rows) {
    Write("staff_" + census + ".csv", "staff_number,grade,ethnicity", rows);
  }

  RunPlan Plan(const Pseudonymiser& p) {
    csv::CsvSource source(config_);
    auto plan = PlanRun(config_, *state_, p, source);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return std::move(*plan);
  }
  KeyRotationPlan Rotate() {
    csv::CsvSource source(config_);
    auto plan = PlanKeyRotation(config_, *state_, old_, new_, {&source}, protocol::MakeDate(2023, 5, 1));
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return std::move(*plan);
  }

  fs::path dir_;
  ConnectorConfig config_;
  Pseudonymiser old_{"0123456789abcdef-old-secret", 1};
  Pseudonymiser new_{"fedcba9876543210-new-secret", 2};
  std::unique_ptr<ConnectorState> state_;
};

TEST_F(KeyRotationTest, D5_AfterRotationTheNextExtractHasOnlyItsRealJoinersChangesAndLeavers) {
  Staff("2023-03-31", {"E1,Band 5,A", "E2,Band 5,J", "E3,Band 5,Z", "E4,Band 5,A"});
  Write("training.csv", "staff_number,course,date", {"E1,Coaching,2023-02-01", "E2,Coaching,2023-03-01"});
  Write("board.csv", "member_ref,role,voting,executive,ethnicity,sex,disability,from_date,to_date",
        {"BM1,Chair,Y,N,A,F,No,2020-01-01,"});
  ASSERT_TRUE(state_->Enqueue(Plan(old_).batch).ok());

  const KeyRotationPlan rotation = Rotate();
  EXPECT_TRUE(rotation.problems.empty());
  EXPECT_EQ(rotation.snapshot_people, 4u);
  EXPECT_EQ(rotation.snapshot_unmapped, 0u);
  EXPECT_EQ(rotation.facts_already_sent, 3u);  // two training rows and the seat
  ASSERT_EQ(rotation.batch.events.size(), 5u);  // E1..E4 and the board member
  std::map<std::string, std::string> mapped;
  for (const auto& e : rotation.batch.events) {
    ASSERT_TRUE(e.has_person_key_rotation());
    EXPECT_EQ(e.person_key_rotation().new_key_version(), 2);
    mapped[e.person_key_rotation().old_person_key()] = e.person_key_rotation().new_person_key();
  }
  for (const char* n : {"E1", "E2", "E3", "E4"}) EXPECT_EQ(mapped[old_.Key("staff", n)], new_.Key("staff", n)) << n;
  EXPECT_EQ(mapped[old_.Key("member", "BM1")], new_.Key("member", "BM1"));
  ASSERT_TRUE(state_->Enqueue(rotation.batch).ok());

  // The old secret is refused from now on.
  const RunPlan refused = Plan(old_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.fatal[0].find("key_version: 2"), std::string::npos) << refused.fatal[0];
  EXPECT_NE(refused.fatal[0].find("rotate-secret"), std::string::npos) << refused.fatal[0];

  // Next quarter under the new secret: E2 promoted, E4 left, E5 joined; one more training row.
  Staff("2023-06-30", {"E1,Band 5,A", "E2,Band 8a,J", "E3,Band 5,Z", "E5,Band 5,N"});
  Write("training.csv", "staff_number,course,date",
        {"E1,Coaching,2023-02-01", "E2,Coaching,2023-03-01", "E3,Coaching,2023-06-01"});
  const RunPlan next = Plan(new_);
  ASSERT_TRUE(next.ok()) << next.fatal[0];
  EXPECT_EQ(next.joins, 1u);
  EXPECT_EQ(next.changes, 1u);
  EXPECT_EQ(next.leavers, 1u);
  EXPECT_EQ(next.events_by_type.count("board_membership"), 0u) << "the seat was sent before the rotation";
  EXPECT_EQ(next.events_by_type.at("training_access"), 1u) << "only the new training row";
  for (const auto& e : next.batch.events) {
    if (e.has_staff_left()) {
      EXPECT_EQ(e.staff_left().person_key(), new_.Key("staff", "E4"));
    }
    if (e.has_staff_record()) {
      EXPECT_EQ(e.staff_record().person_key().substr(0, 3), "v2:");
    }
  }
}

TEST_F(KeyRotationTest, D5_ChangingTheSecretInTheConfigAloneIsRefused) {
  Staff("2023-03-31", {"E1,Band 5,A", "E2,Band 5,J"});
  ASSERT_TRUE(state_->Enqueue(Plan(old_).batch).ok());
  Staff("2023-06-30", {"E1,Band 5,A", "E2,Band 5,J"});
  const RunPlan plan = Plan(new_);
  ASSERT_FALSE(plan.ok());
  EXPECT_TRUE(plan.batch.events.empty());
  EXPECT_NE(plan.fatal[0].find("another secret"), std::string::npos) << plan.fatal[0];
}

TEST_F(KeyRotationTest, D5_PeopleInNoExtractAreCountedNotGuessed) {
  Staff("2023-03-31", {"E1,Band 5,A", "E2,Band 5,J", "E3,Band 5,A"});
  ASSERT_TRUE(state_->Enqueue(Plan(old_).batch).ok());
  Staff("2023-03-31", {"E1,Band 5,A"});  // the extract as sent is gone; only part of it is here
  const KeyRotationPlan rotation = Rotate();
  EXPECT_EQ(rotation.snapshot_people, 3u);
  EXPECT_EQ(rotation.snapshot_unmapped, 2u);
  EXPECT_EQ(rotation.batch.snapshot_puts.size(), 1u);
  EXPECT_EQ(rotation.batch.snapshot_deletes.size(), 1u);
}

}  // namespace
}  // namespace dxhub::connector
