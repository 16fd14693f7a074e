// Rows with bytes that are not UTF-8, through the staff builder and the
// planner over real files and state (issue 15, defect 1: one such byte made
// the connector unusable).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "dxhub/common/utf8.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/planner.h"
#include "dxhub/connector/staff_builder.h"
#include "dxhub/csv/csv_source.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/round_trip.h"

namespace dxhub::connector {
namespace {
namespace ev = dxhub::event::v1;
namespace fs = std::filesystem;

ConnectorConfig GenericConfig() {
  ConnectorConfig c;
  c.org_id = "BTHFT";
  c.connector_id = "bthft-test";
  c.config_path = "bthft.yaml";
  c.mapping.version = "m1";
  c.mapping.grades = {{"band 5", ev::TIER_CORE}};
  return c;
}

TEST(PartnerFiles, D1_LongEthnicityLabelIsCutOnACharacterBoundary) {
  // A local label of 99 letters then an é, mapped to a code: the kept source
  // label is cut at 100 bytes, which used to fall inside the é.
  const std::string label = std::string(99, 'x') + "\xC3\xA9";
  ConnectorConfig c = GenericConfig();
  c.values["ethnicity"][Fold(label)] = "A";
  const auto table = csv::ParseCsv("staff_number,grade,ethnicity\nE1,Band 5," + label + "\n", "s.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(table, *protocol::ParseDate("2023-03-31"), c, p);
  ASSERT_EQ(extract.staff.size(), 1u) << (extract.errors.empty() ? "" : extract.errors[0].ToString());
  const auto& record = extract.staff[0].record;
  EXPECT_EQ(record.ethnicity(), ev::ETHNICITY_A_WHITE_BRITISH);
  EXPECT_EQ(record.ethnicity_source(), std::string(99, 'x'));
  EXPECT_EQ(protocol::RoundTripProblem(record), std::nullopt);
}

class Utf8PlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dxhub-utf8-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "src");
    config_ = GenericConfig();
    config_.source_dir = dir_ / "src";
    config_.guards.max_bad_row_share = 0.2;
    state_ = std::move(*ConnectorState::Open(dir_ / "state"));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& census, const std::vector<std::string>& staff_groups) {
    std::ofstream out(dir_ / "src" / ("staff_" + census + ".csv"), std::ios::binary);
    out << "staff_number,grade,ethnicity,staff_group\n";
    for (size_t i = 0; i < staff_groups.size(); ++i) {
      if (!staff_groups[i].empty()) out << "E" << i << ",Band 5,A," << staff_groups[i] << "\n";
    }
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

TEST_F(Utf8PlanTest, D1_NonUtf8ByteIsABadRowAndTheGoodRowsAreEnqueued) {
  std::vector<std::string> groups(10, "Nursing");
  groups[3] = "Admin \x96 Clerical";  // a Windows-1252 en dash
  Write("2023-03-31", groups);
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

TEST_F(Utf8PlanTest, D1_APersonOnARowWithABadByteIsNotALeaver) {
  Write("2023-03-31", std::vector<std::string>(10, "Nursing"));
  ASSERT_TRUE(state_->Enqueue(Plan().batch).ok());
  std::vector<std::string> groups(10, "Nursing");
  groups[3] = "Admin \x96 Clerical";  // unreadable this time, still here
  groups[9] = "";                     // left
  Write("2023-06-30", groups);
  auto plan = Plan();
  ASSERT_TRUE(plan.ok()) << plan.fatal[0];
  EXPECT_EQ(plan.leavers, 1u);
  for (const auto& e : plan.batch.events) {
    if (e.has_staff_left()) {
      EXPECT_EQ(e.staff_left().person_key(), p_.Key("staff", "E9"));
    }
  }
}

TEST_F(Utf8PlanTest, D1_Windows1252ExtractIsReadWhenTheEncodingIsSet) {
  std::vector<std::string> groups(10, "Nursing");
  groups[3] = "Admin \x96 Clerical";
  Write("2023-03-31", groups);
  config_.encoding = "windows-1252";
  auto plan = Plan();
  ASSERT_TRUE(plan.ok()) << plan.fatal[0];
  EXPECT_EQ(plan.tables[0].rows_bad, 0u);
  EXPECT_EQ(plan.batch.snapshot_puts.at(p_.Key("staff", "E3")).staff_group(), "Admin \xE2\x80\x93 Clerical");
}

}  // namespace
}  // namespace dxhub::connector
