#include "dxhub/connector/staff_builder.h"

#include <gtest/gtest.h>

#include "dxhub/connector/event_builder.h"
#include "dxhub/connector/normalise.h"
#include "dxhub/connector/pseudonymiser.h"
#include "dxhub/csv/csv_reader.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/round_trip.h"
#include "dxhub/protocol/test_vectors.h"
#include "dxhub/protocol/validate.h"

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
    "E1000001,\"Smith, Jane Mrs\",1980-04-01,Band 8a,Admin,1.00,Permanent,Female,J Asian or Asian British - Pakistani,No,30.10\n"
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
  ASSERT_EQ(extract.errors.size(), 2u);
  EXPECT_EQ(extract.errors[0].ToString(),
            "staff_2023-03-31.csv:3: column 'Ethnic Origin' value 'Martian': 'Martian' is not a recognised ethnic "
            "category (expected an NHS code A-S or Z, e.g. 'J' or 'A White - British', or an ONS 2021 label; or map "
            "it under values: in the connector config)");
  EXPECT_EQ(extract.errors[1].row, 4u);
  EXPECT_EQ(extract.errors[1].column, "Pay Band");
  ASSERT_EQ(extract.warnings.size(), 1u);  // row 5 repeats row 2 exactly: sent once
  EXPECT_EQ(extract.warnings[0].row, 5u);
  EXPECT_NE(extract.warnings[0].message.find("same values as row 2"), std::string::npos);
}

// Issue 15, defect 2: two rows for one staff number, Band 3 and Band 8b, kept
// the first with only a warning, and the next quarter showed a false promotion.
TEST(PartnerFiles, D2_ConflictingDuplicateStaffNumbersAreAllRefused) {
  ConnectorConfig c = EsrConfig();
  c.mapping.grades["band 3"] = ev::TIER_CORE;
  c.mapping.grades["band 8b"] = ev::TIER_SENIOR;
  const char* csv =
      "Employee Number,Pay Band,Ethnic Origin\n"
      "E1,Band 3,A\n"
      "E2,Band 5,J\n"
      "E1,Band 8b,A\n"
      "E3,Band 7,J\n"
      "E3,Band 7,J\n";
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(csv::ParseCsv(csv, "staff_2023-03-31.csv", {}), *protocol::ParseDate("2023-03-31"), c, p);
  ASSERT_EQ(extract.staff.size(), 2u);  // E2, and E3 once
  EXPECT_EQ(extract.staff[0].record.person_key(), p.Key("staff", "E2"));
  EXPECT_EQ(extract.staff[1].record.person_key(), p.Key("staff", "E3"));
  ASSERT_EQ(extract.errors.size(), 2u);  // both E1 rows, each naming the other
  EXPECT_EQ(extract.errors[0].row, 2u);
  EXPECT_EQ(extract.errors[1].row, 4u);
  EXPECT_EQ(extract.errors[0].column, "Employee Number");
  EXPECT_NE(extract.errors[0].message.find("also on row(s) 4 with different grade, tier"), std::string::npos)
      << extract.errors[0].ToString();
  EXPECT_NE(extract.errors[1].message.find("also on row(s) 2"), std::string::npos);
  EXPECT_EQ(extract.bad_row_keys.count(p.Key("staff", "E1")), 1u);  // unreadable now, not a leaver
  ASSERT_EQ(extract.warnings.size(), 1u);
  EXPECT_EQ(extract.warnings[0].row, 6u);
}

TEST(PartnerFiles, D2_ADuplicateOfABadRowRefusesTheGoodRowToo) {
  const char* csv =
      "Employee Number,Pay Band,Ethnic Origin\n"
      "E1,Band 5,A\n"
      "E1,Band 5,Martian\n";
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract =
      BuildStaffExtract(csv::ParseCsv(csv, "s.csv", {}), *protocol::ParseDate("2023-03-31"), EsrConfig(), p);
  EXPECT_TRUE(extract.staff.empty());
  ASSERT_EQ(extract.errors.size(), 2u);
  EXPECT_NE(extract.errors[1].message.find("also on row(s) 3 (a bad row)"), std::string::npos)
      << extract.errors[1].ToString();
}

// Issue 15, defect 3: start dates were not read, and an impossible hire date passed as a good row.
TEST(PartnerFiles, D3_StartDatesAreReadAndValidated) {
  const char* csv =
      "Employee Number,Pay Band,Ethnic Origin,Hire Date\n"
      "E1,Band 5,A,2023-02-14\n"
      "E2,Band 5,A,2023-02-30\n"
      "E3,Band 5,A,2023-04-01\n"
      "E4,Band 5,A,\n"
      "E5,Band 5,A,01-MAR-2001\n";
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract =
      BuildStaffExtract(csv::ParseCsv(csv, "s.csv", {}), *protocol::ParseDate("2023-03-31"), EsrConfig(), p);
  ASSERT_EQ(extract.staff.size(), 3u);
  ASSERT_TRUE(extract.staff[0].start_date.has_value());
  EXPECT_EQ(protocol::DateToString(*extract.staff[0].start_date), "2023-02-14");
  EXPECT_FALSE(extract.staff[1].start_date.has_value());  // blank: not known
  EXPECT_EQ(protocol::DateToString(*extract.staff[2].start_date), "2001-03-01");
  ASSERT_EQ(extract.errors.size(), 2u);
  EXPECT_EQ(extract.errors[0].row, 3u);
  EXPECT_EQ(extract.errors[0].column, "Hire Date");
  EXPECT_NE(extract.errors[0].message.find("not a recognised date"), std::string::npos) << extract.errors[0].ToString();
  EXPECT_EQ(extract.errors[1].row, 4u);
  EXPECT_NE(extract.errors[1].message.find("after the census date 2023-03-31"), std::string::npos);
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
  EXPECT_NE(extract.fatal.find("missing column(s) 'Pay Band' (or 'Grade'), 'Ethnic Origin' (or 'Ethnicity')"),
            std::string::npos)
      << extract.fatal;
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

// Issue 15, defect 1: a byte that is not UTF-8 is a row error where it is
// read; a column the connector never reads (a name) is never checked.
TEST(PartnerFiles, D1_ABadByteCountsOnlyInAColumnThatIsRead) {
  const char* csv =
      "Employee Number,Full Name,Pay Band,Ethnic Origin\n"
      "E1,\"Ren\xE9" "e, Smith\",Band 5,A\n"
      "E2,\"Jones, Ann\",Band 5,M Black or Black British \x96 Caribbean\n";
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract =
      BuildStaffExtract(csv::ParseCsv(csv, "s.csv", {}), *protocol::ParseDate("2023-03-31"), EsrConfig(), p);
  ASSERT_EQ(extract.staff.size(), 1u);
  EXPECT_EQ(extract.staff[0].record.person_key(), p.Key("staff", "E1"));
  ASSERT_EQ(extract.errors.size(), 1u);  // once, though the ethnicity is read twice (mapping and label)
  EXPECT_EQ(extract.errors[0].row, 3u);
  EXPECT_EQ(extract.errors[0].column, "Ethnic Origin");
  EXPECT_NE(extract.errors[0].message.find("byte 0x96 at offset"), std::string::npos) << extract.errors[0].ToString();
  EXPECT_EQ(extract.bad_row_keys.count(p.Key("staff", "E2")), 1u);  // unreadable now, not a leaver
}

// Issue 19 item 6 and issue 20 items 3 and 4: how a partner's identifiers
// become keys. A control character in an identifier column is a row error,
// never a new person_key; the normalisation and the HMAC agree with the
// person-key vectors in docs/test-vectors.json.
TEST(Reliability, F6_NulInStaffNumberIsARowError) {
  const std::string csv = std::string("Employee Number,Pay Band,Ethnic Origin,Gender\n") + "E100,Band 5,A,Female\n" +
                          std::string("\0E101", 5) + ",Band 5,A,Male\n" + "E10\x01" + "2,Band 5,A,Male\n";
  auto table = csv::ParseCsv(csv, "staff_2023-03-31.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(table, *protocol::ParseDate("2023-03-31"), EsrConfig(), p);
  ASSERT_TRUE(extract.fatal.empty()) << extract.fatal;
  ASSERT_EQ(extract.staff.size(), 1u) << "only the clean row becomes a record";
  ASSERT_EQ(extract.errors.size(), 2u);
  EXPECT_EQ(extract.errors[0].ToString(),
            "staff_2023-03-31.csv:3: column 'Employee Number' value '\\x00E101': contains a control character (byte 0x00 "
            "at byte offset 0); identifiers are keyed exactly, so it would give this person a new key: remove it "
            "from the extract");
  EXPECT_NE(extract.errors[1].ToString().find("byte 0x01 at byte offset 3"), std::string::npos);
  // A row without a usable staff number names nobody: no leavers are inferred from this extract.
  EXPECT_EQ(extract.unkeyed_bad_rows, 2u);
}

TEST(Reliability, F6_ControlCharacterInAnEventFileIdentifierIsARowError) {
  const std::string csv = std::string("staff_number,case_ref,date_opened\n") + "E100,DC1,2023-05-01\n" +
                          "E101,DC\t2,2023-05-01\n";
  auto table = csv::ParseCsv(csv, "disciplinary.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto built = BuildEvents(EventFileKind::kDisciplinary, table, EsrConfig(), p);
  EXPECT_EQ(built.events.size(), 1u);
  ASSERT_EQ(built.errors.size(), 1u);
  EXPECT_NE(built.errors[0].ToString().find("column 'case_ref' value 'DC\\x092'"), std::string::npos)
      << built.errors[0].ToString();
}

TEST(TargetDating, Issue17_ATargetIsDatedWhenSetNotWhenDue) {
  const std::string csv = "target_id,indicator,scope,value_percent,due_date,set_date\n"
                          "bme-senior,representation_bme,senior_and_above,35.0,2026-03-31,2023-01-15\n";
  auto table = csv::ParseCsv(csv, "targets.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto built = BuildEvents(EventFileKind::kTargets, table, EsrConfig(), p);
  ASSERT_EQ(built.events.size(), 1u) << (built.errors.empty() ? built.fatal : built.errors[0].ToString());
  const auto& e = built.events[0];
  EXPECT_EQ(protocol::DateToString(e.occurred_at()), "2023-01-15");
  EXPECT_EQ(protocol::DateToString(e.organisation_target().due_on()), "2026-03-31");

  // A targets file without the column says which column to add.
  auto old = csv::ParseCsv("target_id,indicator,scope,value_percent,due_date\n"
                           "bme-senior,representation_bme,senior_and_above,35.0,2026-03-31\n",
                           "targets.csv", {});
  auto refused = BuildEvents(EventFileKind::kTargets, old, EsrConfig(), p);
  EXPECT_TRUE(refused.events.empty());
  const std::string said = refused.fatal + (refused.errors.empty() ? "" : refused.errors[0].ToString());
  EXPECT_NE(said.find("set_date"), std::string::npos) << said;
}

TEST(Reliability, F5_AFarFutureOrPlaceholderDateIsSentWithAWarningForThePartner) {
  const std::string csv = "staff_number,leaving_date,reason\nE100,2200-12-31,\nE101,1900-01-01,\nE102,2023-05-01,\n";
  auto table = csv::ParseCsv(csv, "leavers.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto built = BuildEvents(EventFileKind::kLeavers, table, EsrConfig(), p);
  EXPECT_EQ(built.events.size(), 3u);  // sent: the hub keeps them, and holds them out of its figures
  EXPECT_TRUE(built.errors.empty());
  ASSERT_EQ(built.warnings.size(), 2u);
  EXPECT_EQ(built.warnings[0].ToString(),
            "leavers.csv:2: date 2200-12-31 is more than 366 days from today: the row is sent, but the hub holds it "
            "out of its figures until the date is corrected in the HR system");
  EXPECT_NE(built.warnings[1].ToString().find("leavers.csv:3: date 1900-01-01 is before 1950-01-01"), std::string::npos)
      << built.warnings[1].ToString();
  EXPECT_EQ(HeldOutByTheHub(*protocol::ParseDate("2027-06-30"), protocol::DaysFromCivil(*protocol::ParseDate("2026-11-26"))), "");
}

TEST(ProtocolContract, I4_PersonKeyVectorsAreThePseudonymisersKeys) {
  auto vectors = protocol::ParseTestVectors(protocol::BuiltInTestVectors());
  ASSERT_TRUE(vectors.ok()) << vectors.status().ToString();
  ASSERT_GE(vectors->keys.size(), 4u);
  for (const auto& k : vectors->keys) {
    SCOPED_TRACE(k.identifier);
    EXPECT_EQ(Pseudonymiser::Normalise(k.identifier), k.normalised);
    EXPECT_EQ(k.hmac_message, k.domain + ":" + k.normalised);
    EXPECT_EQ(Pseudonymiser(vectors->secret, k.key_version).Key(k.domain, k.identifier), k.person_key);
  }
}

TEST(ProtocolContract, I3_EveryEventTheConnectorBuildsCarriesTheContractsSourceKey) {
  const std::string csv = "applicant_ref,vacancy_ref,post_grade,ethnicity,sex,disability,shortlisted,appointed,"
                          "decision_date\nAPP-1,VAC-ÉTÉ-7,Band 5,A,Female,No,Y,Y,2023-05-02\n";
  auto table = csv::ParseCsv(csv, "recruitment.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto built = BuildEvents(EventFileKind::kRecruitment, table, EsrConfig(), p);
  ASSERT_EQ(built.events.size(), 1u) << (built.errors.empty() ? "" : built.errors[0].ToString());
  const auto& e = built.events[0];
  EXPECT_EQ(e.source_key(), e.recruitment_outcome().applicant_key() + "/VAC-ÉTÉ-7");
  EXPECT_FALSE(protocol::ValidateEvent(e, protocol::ValidationLimits{}).has_value());
}

}  // namespace
}  // namespace dxhub::connector
