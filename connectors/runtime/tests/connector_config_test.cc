// Issue 15 defects 7, 8 and 9: the delimiter setting's default, header lists
// under columns:, and a grade mapping without a grades table.
#include "dxhub/connector/connector_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "dxhub/common/keys.h"

namespace dxhub::connector {
namespace {
namespace fs = std::filesystem;

class ConnectorConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dxhub-config-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto pair = GenerateCurveKeyPair();
    ASSERT_TRUE(pair.ok());
    ASSERT_TRUE(WriteCurveKeyPair(dir_ / "c", *pair).ok());
    ASSERT_TRUE(WriteSecretFile(dir_ / "p.secret", "0123456789abcdef0123456789abcdef\n").ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A complete config with `source_extra` under source:, then `rest`.
  Result<ConnectorConfig> Load(const std::string& source_extra, const std::string& rest) {
    std::ofstream(dir_ / "c.yaml") << "org_id: BMDC\n"
                                      "hub:\n"
                                      "  endpoint: tcp://127.0.0.1:9\n"
                                      "  server_public_key_file: c.pub\n"
                                      "  secret_key_file: c.secret\n"
                                      "pseudonymisation:\n"
                                      "  secret_file: p.secret\n"
                                      "source:\n"
                                      "  directory: src\n"
                                   << source_extra << rest;
    return LoadConnectorConfig(dir_ / "c.yaml");
  }

  const std::string kMapping = "mapping:\n  version: m1\n  default_tier: CORE\n";
  fs::path dir_;
};

TEST_F(ConnectorConfigTest, D7_DelimiterIsDetectedPerFileUnlessOneIsConfigured) {
  auto detect = Load("", kMapping);
  ASSERT_TRUE(detect.ok()) << detect.status().ToString();
  EXPECT_EQ(detect->delimiter, kDetectDelimiter);
  EXPECT_EQ(detect->event_delimiter, kDetectDelimiter);
  EXPECT_EQ(Load("  delimiter: auto\n", kMapping)->delimiter, kDetectDelimiter);
  EXPECT_EQ(Load("  delimiter: \"~\"\n", kMapping)->delimiter, '~');
  EXPECT_EQ(Load("  delimiter: tab\n  event_delimiter: \";\"\n", kMapping)->delimiter, '\t');
  EXPECT_EQ(Load("  event_delimiter: \";\"\n", kMapping)->event_delimiter, ';');
  auto bad = Load("  delimiter: \"~~\"\n", kMapping);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind((dir_ / "c.yaml").string() + ":10:", 0), 0u) << bad.status().message();
  EXPECT_NE(bad.status().message().find("delimiter must be auto"), std::string::npos) << bad.status().message();
}

TEST_F(ConnectorConfigTest, D8_ColumnsTakeOneHeaderOrAList) {
  auto c = Load("", "columns:\n  grade: GRADE\n  disability: [Disabled, Disability Flag]\n" + kMapping);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->AcceptedHeaders("grade"), (std::vector<std::string>{"GRADE"}));
  EXPECT_EQ(c->AcceptedHeaders("disability"), (std::vector<std::string>{"Disabled", "Disability Flag"}));
  EXPECT_EQ(c->AcceptedHeaders("sex"), (std::vector<std::string>{"sex"}));  // generic profile: the field's name
  auto empty = Load("", "columns:\n  sex: []\n" + kMapping);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find(":11:8: columns.sex must be your header, or a list of headers"),
            std::string::npos)
      << empty.status().message();
}

TEST_F(ConnectorConfigTest, D9_GradesAreOptionalWithDefaultTierAndTopEarners) {
  auto c = Load("", "mapping:\n  version: m1\n  default_tier: CORE\n  top_earners:\n    share: 0.05\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->mapping.grades.empty());
  EXPECT_DOUBLE_EQ(c->mapping.top_earner_share, 0.05);
}

TEST_F(ConnectorConfigTest, D9_AMappingWithoutGradesOrDefaultPointsAtTheMappingLine) {
  auto c = Load("", "mapping:\n  version: m1\n  top_earners:\n    share: 0.05\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), (dir_ / "c.yaml").string() +
                                      ":10:1: the mapping needs a grades table, or a default_tier with top_earners");
}

}  // namespace
}  // namespace dxhub::connector
