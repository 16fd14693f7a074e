// Issue 15 defects 7 and 8: each staff field accepts a list of headers (the
// first present is read), a missing-columns message names what was looked for
// and the delimiter, and absent fields the mapping needs are warned about.
#include <gtest/gtest.h>

#include "dxhub/connector/absent_fields.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/row_reader.h"
#include "dxhub/connector/staff_builder.h"
#include "dxhub/csv/csv_reader.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::connector {
namespace {
namespace ev = dxhub::event::v1;

// The ESR profile, every grade CORE.
ConnectorConfig Esr() {
  ConnectorConfig c;
  c.profile = "esr";
  c.mapping.default_tier = ev::TIER_CORE;
  return c;
}

StaffExtract Build(const std::string& csv, const ConnectorConfig& config, char delimiter = ',') {
  Pseudonymiser p("0123456789abcdef-secret", 1);
  return BuildStaffExtract(csv::ParseCsv(csv, "staff_2023-03-31.csv", csv::CsvOptions{delimiter, true}),
                           *protocol::ParseDate("2023-03-31"), config, p);
}

TEST(PartnerFiles, D8_EsrDisabilityFlagAndAssignmentCategoryAreRead) {
  auto extract = Build(
      "Employee Number,Assignment Number,Pay Band,Ethnic Origin,Disability Flag,Assignment Category,Sex\n"
      "E1,E1-1,Band 5,A,Yes,Fixed Term,F\n"
      "E2,E2-1,Band 5,A,No,Permanent,M\n",
      Esr());
  ASSERT_TRUE(extract.fatal.empty()) << extract.fatal;
  ASSERT_EQ(extract.staff.size(), 2u);
  EXPECT_EQ(extract.staff[0].record.disability(), ev::DISABILITY_YES);
  EXPECT_EQ(extract.staff[0].record.contract_type(), ev::CONTRACT_TYPE_FIXED_TERM);
  EXPECT_EQ(extract.staff[0].record.sex(), ev::SEX_FEMALE);
  EXPECT_EQ(extract.staff[1].record.disability(), ev::DISABILITY_NO);
  EXPECT_EQ(extract.staff[1].record.contract_type(), ev::CONTRACT_TYPE_PERMANENT);
}

TEST(PartnerFiles, D8_EsrAssignmentCategoryValuesAreRecognised) {
  EXPECT_EQ(*RecogniseContract("Fixed Term Temp"), ev::CONTRACT_TYPE_FIXED_TERM);
  EXPECT_EQ(*RecogniseContract("Fixed Term Temporary"), ev::CONTRACT_TYPE_FIXED_TERM);
  EXPECT_EQ(*RecogniseContract("Bank"), ev::CONTRACT_TYPE_BANK);
}

TEST(PartnerFiles, D8_TheFirstAcceptedHeaderPresentWinsIgnoringCase) {
  const ConnectorConfig esr = Esr();
  Table both;
  both.headers = {"Disability flag", "Disability", "Employee Number"};
  RowReader reader = RowReader::ForStaff(both, esr);
  EXPECT_EQ(reader.Header("disability"), "Disability");  // 'Disability' is listed before 'Disability Flag'
  EXPECT_EQ(reader.Header("staff_number"), "Employee Number");
  EXPECT_FALSE(reader.Header("grade").has_value());
  EXPECT_EQ(reader.LookedFor("grade"), "'Pay Band', 'Grade'");
  Table table;
  table.headers = {"Disability flag"};
  EXPECT_EQ(RowReader::ForStaff(table, esr).Header("disability"), "Disability flag");

  // Configured columns replace the profile's names; one header or a list.
  ConnectorConfig mine = Esr();
  mine.columns["disability"] = {"Disabled", "Disability Flag"};
  EXPECT_EQ(mine.AcceptedHeaders("disability"), (std::vector<std::string>{"Disabled", "Disability Flag"}));
  EXPECT_EQ(RowReader::ForStaff(table, mine).Header("disability"), "Disability flag");
  EXPECT_EQ(Esr().AcceptedHeaders("clinical"), (std::vector<std::string>{"clinical"}));
}

TEST(PartnerFiles, D8_StartDateIsAStaffFieldWithEsrHireDates) {
  const auto& fields = StaffFields();
  EXPECT_NE(std::find(fields.begin(), fields.end(), "start_date"), fields.end());
  EXPECT_EQ(Esr().AcceptedHeaders("start_date"),
            (std::vector<std::string>{"Latest Hire Date", "Hire Date", "Start Date"}));
  ConnectorConfig generic = Esr();
  generic.profile = "generic";
  EXPECT_EQ(generic.AcceptedHeaders("start_date"), (std::vector<std::string>{"start_date"}));
}

TEST(PartnerFiles, D7_MissingColumnsNameTheDelimiterAndTheOneThatWouldWork) {
  // A '~' file read with a configured ','.
  auto extract = Build("Employee Number~Pay Band~Ethnic Origin\nE1~Band 5~A\n", Esr(), ',');
  EXPECT_NE(extract.fatal.find("missing column(s) 'Employee Number'"), std::string::npos) << extract.fatal;
  EXPECT_NE(extract.fatal.find("the file, read with delimiter ',', has 'Employee Number~Pay Band~Ethnic Origin'"),
            std::string::npos)
      << extract.fatal;
  EXPECT_NE(extract.fatal.find("Read with delimiter '~' it has them all"), std::string::npos) << extract.fatal;
  EXPECT_EQ(extract.fatal.find("columns:"), std::string::npos) << "suggests columns: instead of the delimiter";

  // Really missing: no other delimiter helps, so columns: is the advice.
  auto missing = Build("Employee Number,Band,Ethnic Origin\nE1,Band 5,A\n", Esr());
  EXPECT_NE(missing.fatal.find("missing column(s) 'Pay Band' (or 'Grade'); the file, read with delimiter ','"),
            std::string::npos)
      << missing.fatal;
  EXPECT_NE(missing.fatal.find("name your headers under columns:"), std::string::npos) << missing.fatal;
}

// Issue 19, failure 8: a 50 MB one-line file echoed the whole line in the error.
TEST(HostileInput, F8_AHugeOneLineFileIsQuotedByABoundedPrefix) {
  const std::string one_line(8u << 20, 'x');  // 8 MiB stands for 50 MB: the same path, in a default-suite time
  auto extract = Build(one_line + "\n", Esr());
  EXPECT_NE(extract.fatal.find("missing column(s) 'Employee Number'"), std::string::npos) << extract.fatal.substr(0, 300);
  EXPECT_LT(extract.fatal.size(), 4096u) << extract.fatal.substr(0, 300);
  EXPECT_NE(extract.fatal.find("(8388608 bytes, shown up to byte offset 80)"), std::string::npos)
      << extract.fatal.substr(0, 600);
  // A line of 20,000 cells: a bounded number of them is quoted.
  std::string cells;
  for (int i = 0; i < 20000; ++i) cells += "c" + std::to_string(i) + ",";
  auto many = Build(cells + "\n", Esr());
  EXPECT_LT(many.fatal.size(), 8192u) << many.fatal.substr(0, 300);
  EXPECT_NE(many.fatal.find(" more"), std::string::npos) << many.fatal.substr(0, 600);
}

TEST(PartnerFiles, D8_AbsentFieldsTheMappingNeedsAreWarnedAbout) {
  ConnectorConfig c = Esr();
  c.mapping.top_earner_share = 0.05;
  Table table;
  table.headers = {"Employee Number", "Pay Band", "Ethnic Origin", "FTE", "Date of Birth"};
  const auto warnings = AbsentFieldWarnings(RowReader::ForStaff(table, c), c);
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_EQ(warnings[0].rfind("no contract_type column (looked for 'Contract Type', 'Assignment Category'): ", 0), 0u)
      << warnings[0];
  EXPECT_NE(warnings[0].find("permanent_only"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("no sex column (looked for 'Gender', 'Sex'): everyone is sent as sex not known"),
            std::string::npos);
  EXPECT_NE(warnings[2].find("no disability column (looked for 'Disability', 'Disability Flag'): everyone is sent as "
                             "disability not declared"),
            std::string::npos);
  EXPECT_NE(warnings[3].find("no hourly_pay column (looked for 'Hourly Rate', 'Hourly Pay'): mapping.top_earners "
                             "cannot rank anyone by pay, so no one is lifted to SENIOR"),
            std::string::npos)
      << warnings[3];

  table.headers = {"Employee Number", "Pay Band", "Ethnic Origin", "FTE", "Age Band", "Assignment Category", "Gender",
                   "Disability Flag", "Hourly Pay"};
  EXPECT_TRUE(AbsentFieldWarnings(RowReader::ForStaff(table, c), c).empty());
}

}  // namespace
}  // namespace dxhub::connector
