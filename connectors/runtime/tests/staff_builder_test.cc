#include "dxhub/connector/staff_builder.h"

#include <gtest/gtest.h>

#include "dxhub/connector/normalise.h"
#include "dxhub/csv/csv_reader.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/round_trip.h"

namespace dxhub::connector {
namespace {
namespace ev = dxhub::event::v1;

ConnectorConfig EsrConfig() {
  ConnectorConfig c;
  c.org_id = "BTHFT";
  c.connector_id = "bthft-test";
  c.profile = "esr";
  c.config_path = "bthft.yaml";
  c.mapping.version = "bthft-1";
  for (const char* g : {"band 5", "band 6", "band 7"}) c.mapping.grades[g] = ev::TIER_CORE;
  c.mapping.grades["band 7"] = ev::TIER_MIDDLE;
  c.mapping.grades["band 8a"] = ev::TIER_SENIOR;
  c.mapping.grades["vsm"] = ev::TIER_EXECUTIVE;
  return c;
}

const char* kEsr =
    "Employee Number,Full Name,Date of Birth,Pay Band,Staff Group,FTE,Contract Type,Gender,Ethnic Origin,Disability,Hourly Rate\n"
    "E1000001,\"Smith, Jane Mrs\",1980-04-01,Band 8a,Admin,1.00,Permanent,Female,J Asian or Asian British - Pakistani,No,30.10\n"
    "E1000002,\"Jones, Ann Ms\",1990-01-15,Band 5,Nursing,0.60,Permanent,Female,Martian,No,15.00\n"
    "E1000003,\"Brown, Bob Mr\",1970-07-07,Band 11,Admin,1.00,Permanent,Male,A White - British,No,20.00\n"
    "E1000001,\"Smith, Jane Mrs\",1980-04-01,Band 8a,Admin,1.00,Permanent,Female,J,No,30.10\n"
    "E1000004,\"Khan, Ali Mr\",1985-05-05,VSM,Admin,1.00,Permanent,Male,,Yes,80.00\n";

TEST(StaffBuilder, GoodRowsBecomeRecordsBadRowsNameRowColumnAndValue) {
  auto table = csv::ParseCsv(kEsr, "staff_2023-03-31.csv", {});
  auto census = *protocol::ParseDate("2023-03-31");
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(table, census, EsrConfig(), p);
  ASSERT_TRUE(extract.fatal.empty()) << extract.fatal;
  ASSERT_EQ(extract.staff.size(), 2u);
  EXPECT_EQ(extract.staff[0].record.tier(), ev::TIER_SENIOR);
  EXPECT_EQ(extract.staff[0].record.ethnicity(), ev::ETHNICITY_J_ASIAN_PAKISTANI);
  EXPECT_EQ(extract.staff[0].record.age_band(), ev::AGE_BAND_35_44);  // 42 on 2023-03-31
  EXPECT_EQ(extract.staff[0].record.hourly_pay_pence(), 3010);
  EXPECT_EQ(extract.staff[1].record.tier(), ev::TIER_EXECUTIVE);
  EXPECT_EQ(extract.staff[1].record.ethnicity(), ev::ETHNICITY_NOT_KNOWN);
  ASSERT_EQ(extract.errors.size(), 3u);
  EXPECT_EQ(extract.errors[0].ToString(),
            "staff_2023-03-31.csv:3: column 'Ethnic Origin' value 'Martian': 'Martian' is not a recognised ethnic "
            "category (expected an NHS code A-S or Z, e.g. 'J' or 'A White - British', or an ONS 2021 label; or map "
            "it under values: in the connector config)");
  EXPECT_EQ(extract.errors[1].row, 4u);
  EXPECT_EQ(extract.errors[1].column, "Pay Band");
  EXPECT_EQ(extract.errors[2].row, 5u);
  EXPECT_NE(extract.errors[2].message.find("duplicate staff number: also on row 2"), std::string::npos);
}

TEST(StaffBuilder, NoDirectIdentifierSurvivesIntoRecords) {
  auto table = csv::ParseCsv(kEsr, "staff.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(table, *protocol::ParseDate("2023-03-31"), EsrConfig(), p);
  for (const auto& row : extract.staff) {
    const std::string bytes = row.record.SerializeAsString();
    for (const char* id : {"E1000001", "E1000004", "Smith", "Khan", "1980-04-01", "1985"}) {
      EXPECT_EQ(bytes.find(id), std::string::npos) << id;
    }
  }
}

// Issue 15, defect 1: a label cut inside a character could never be read back.
TEST(PartnerFiles, D1_LongEthnicityLabelIsCutOnACharacterBoundary) {
  // A local label of 99 letters then an é, mapped to a code: the kept source
  // label is cut at 100 bytes, which used to fall inside the é.
  const std::string label = std::string(99, 'x') + "\xC3\xA9";
  ConnectorConfig c = EsrConfig();
  c.values["ethnicity"][Fold(label)] = "A";
  const auto table = csv::ParseCsv("Employee Number,Pay Band,Ethnic Origin\nE1,Band 5," + label + "\n", "s.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(table, *protocol::ParseDate("2023-03-31"), c, p);
  ASSERT_EQ(extract.staff.size(), 1u) << (extract.errors.empty() ? "" : extract.errors[0].ToString());
  const auto& record = extract.staff[0].record;
  EXPECT_EQ(record.ethnicity(), ev::ETHNICITY_A_WHITE_BRITISH);
  EXPECT_EQ(record.ethnicity_source(), std::string(99, 'x'));
  EXPECT_EQ(protocol::RoundTripProblem(record), std::nullopt);
}

TEST(StaffBuilder, MissingColumnIsFatalAndSaysWhichAndWhatWasFound) {
  auto table = csv::ParseCsv("Employee Number,Band\nE1,Band 5\n", "x.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(table, *protocol::ParseDate("2023-03-31"), EsrConfig(), p);
  EXPECT_NE(extract.fatal.find("missing column(s) 'Pay Band', 'Ethnic Origin'"), std::string::npos) << extract.fatal;
}

TEST(StaffBuilder, TopEarnersRuleLiftsTheTopFivePercentOfFte) {
  ConnectorConfig c = EsrConfig();
  c.mapping.grades.clear();
  c.mapping.default_tier = ev::TIER_CORE;
  c.mapping.top_earner_share = 0.05;
  std::string csv = "Employee Number,Pay Band,Ethnic Origin,Contract Type,FTE,Hourly Rate\n";
  for (int i = 0; i < 40; ++i) {
    csv += "E" + std::to_string(100 + i) + ",GR" + std::to_string(i % 9) + ",A,Permanent,1.0," + std::to_string(10 + i) + "\n";
  }
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(csv::ParseCsv(csv, "c.csv", {}), *protocol::ParseDate("2023-03-31"), c, p);
  int senior = 0;
  for (const auto& s : extract.staff) senior += s.record.tier() == ev::TIER_SENIOR;
  EXPECT_EQ(senior, 2);  // 5% of 40 FTE = 2 FTE: the two highest paid
}

}  // namespace
}  // namespace dxhub::connector
