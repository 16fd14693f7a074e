// Regression tests (issue 19 item 6, issue 20 items 3 and 4): how a partner's
// identifiers become keys. A control character in an identifier column is a
// row error, never a new person_key; the normalisation and the HMAC agree
// with the person-key vectors in docs/test-vectors.json.
#include <gtest/gtest.h>

#include "dxhub/connector/event_builder.h"
#include "dxhub/connector/pseudonymiser.h"
#include "dxhub/connector/staff_builder.h"
#include "dxhub/csv/csv_reader.h"
#include "dxhub/protocol/dates.h"
#include "dxhub/protocol/source_key.h"
#include "dxhub/protocol/test_vectors.h"
#include "dxhub/protocol/validate.h"

namespace dxhub::connector {
namespace {
namespace ev = dxhub::event::v1;

ConnectorConfig Config() {
  ConnectorConfig c;
  c.org_id = "BTHFT";
  c.connector_id = "bthft-test";
  c.profile = "generic";
  c.config_path = "bthft.yaml";
  c.mapping.version = "bthft-1";
  c.mapping.grades["band 5"] = ev::TIER_CORE;
  return c;
}

TEST(Reliability, F6_NulInStaffNumberIsARowError) {
  const std::string csv = std::string("staff_number,grade,ethnicity,sex\n") + "E100,Band 5,A,Female\n" +
                          std::string("\0E101", 5) + ",Band 5,A,Male\n" + "E10\x01" + "2,Band 5,A,Male\n";
  auto table = csv::ParseCsv(csv, "staff_2023-03-31.csv", {});
  Pseudonymiser p("0123456789abcdef-secret", 1);
  auto extract = BuildStaffExtract(table, *protocol::ParseDate("2023-03-31"), Config(), p);
  ASSERT_TRUE(extract.fatal.empty()) << extract.fatal;
  ASSERT_EQ(extract.staff.size(), 1u) << "only the clean row becomes a record";
  ASSERT_EQ(extract.errors.size(), 2u);
  EXPECT_EQ(extract.errors[0].ToString(),
            "staff_2023-03-31.csv:3: column 'staff_number' value '\\x00E101': contains a control character (byte 0x00 "
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
  auto built = BuildEvents(EventFileKind::kDisciplinary, table, Config(), p);
  EXPECT_EQ(built.events.size(), 1u);
  ASSERT_EQ(built.errors.size(), 1u);
  EXPECT_NE(built.errors[0].ToString().find("column 'case_ref' value 'DC\\x092'"), std::string::npos)
      << built.errors[0].ToString();
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
  auto built = BuildEvents(EventFileKind::kRecruitment, table, Config(), p);
  ASSERT_EQ(built.events.size(), 1u) << (built.errors.empty() ? "" : built.errors[0].ToString());
  const auto& e = built.events[0];
  EXPECT_EQ(e.source_key(), e.recruitment_outcome().applicant_key() + "/VAC-ÉTÉ-7");
  EXPECT_FALSE(protocol::ValidateEvent(e, protocol::ValidationLimits{}).has_value());
}

}  // namespace
}  // namespace dxhub::connector
