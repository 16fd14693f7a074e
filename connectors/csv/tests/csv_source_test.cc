// Issue 15 defect 7: CsvSource lists what it ignores, says the census date
// rule in its error, and dates an extract from its name, a census date column
// or --census-date.
#include "dxhub/testing/test_dir.h"
#include "dxhub/csv/csv_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "dxhub/protocol/dates.h"

namespace dxhub::csv {
namespace {
namespace fs = std::filesystem;

class CsvSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = dxhub::testing::FreshTestDir("csvsource");
    config_.profile = "generic";
    config_.source_dir = dir_;
    config_.config_path = "c.yaml";
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }

  static std::string Census(const connector::TableRef& ref) {
    return ref.census ? protocol::DateToString(*ref.census) : "none";
  }

  fs::path dir_;
  connector::ConnectorConfig config_;
};

TEST_F(CsvSourceTest, D7_AFileMatchingNoPatternIsListedAsIgnored) {
  Write("staff_2023-03-31.csv", "staff_number,grade,ethnicity\nE1,B5,A\n");
  Write("notes.txt", "hello\n");
  Write("recruitment.csv", "applicant_ref\n");
  config_.event_files[connector::EventFileKind::kRecruitment] = "recruitment.csv";
  fs::create_directories(dir_ / "processed");
  fs::create_directories(dir_ / "archive");
  CsvSource source(config_);
  auto refs = source.List();
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_EQ(refs->size(), 2u);
  EXPECT_EQ(source.Notices(),
            (std::vector<std::string>{
                "ignored: archive/ (a folder; only files directly in the source directory are read)",
                "ignored: notes.txt (does not match staff_files 'staff_*.csv')"}));
}

// The peer-review folder is read (by dxconnect's review step), so it is not listed as ignored.
TEST_F(CsvSourceTest, A2_ThePeerReviewFolderIsNotListedAsIgnored) {
  Write("staff_2023-03-31.csv", "staff_number,grade,ethnicity\nE1,B5,A\n");
  fs::create_directories(dir_ / "review");
  CsvSource source(config_);
  ASSERT_TRUE(source.List().ok());
  EXPECT_TRUE(source.Notices().empty()) << source.Notices().front();
}

TEST_F(CsvSourceTest, D7_AnUndatedNameIsAnErrorThatStatesTheFormat) {
  Write("staff_export.csv", "staff_number,grade,ethnicity\nE1,B5,A\n");
  CsvSource source(config_);
  auto refs = source.List();
  ASSERT_FALSE(refs.ok());
  const std::string m = refs.status().message();
  EXPECT_NE(m.find("staff_export.csv: cannot tell the census date"), std::string::npos) << m;
  EXPECT_NE(m.find("Name it staff_YYYY-MM-DD.csv (e.g. staff_2023-03-31.csv)"), std::string::npos) << m;
  EXPECT_NE(m.find("columns: census_date"), std::string::npos) << m;
  EXPECT_NE(m.find("--census-date YYYY-MM-DD"), std::string::npos) << m;

  Write("staff_2023-02-30.csv", "staff_number\n");
  fs::remove(dir_ / "staff_export.csv");
  auto impossible = source.List();
  ASSERT_FALSE(impossible.ok());
  EXPECT_NE(impossible.status().message().find("'2023-02-30' in the file name is not a real date"), std::string::npos)
      << impossible.status().message();
}

TEST_F(CsvSourceTest, D7_TheCensusDateOptionDatesAnUndatedExtract) {
  Write("staff_export.csv", "staff_number,grade,ethnicity\nE1,B5,A\n");
  Write("staff_2023-03-31.csv", "staff_number,grade,ethnicity\nE1,B5,A\n");
  CsvSource source(config_, protocol::ParseDate("2023-06-30"));
  auto refs = source.List();
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  ASSERT_EQ(refs->size(), 2u);
  // Oldest first; the dated name wins over the option, and both are said.
  EXPECT_EQ(fs::path((*refs)[0].name).filename(), "staff_2023-03-31.csv");
  EXPECT_EQ(Census((*refs)[0]), "2023-03-31");
  EXPECT_EQ(Census((*refs)[1]), "2023-06-30");
  EXPECT_EQ(source.Notices(),
            (std::vector<std::string>{
                "census date: staff_2023-03-31.csv is dated 2023-03-31 by its name, which wins over --census-date "
                "2023-06-30",
                "census date: staff_export.csv is dated 2023-06-30 by --census-date (its name has no date)"}));

  Write("staff_other.csv", "staff_number,grade,ethnicity\nE1,B5,A\n");
  auto two = source.List();
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.status().message().find("would date 2 staff extracts (staff_export.csv, staff_other.csv)"),
            std::string::npos)
      << two.status().message();
}

TEST_F(CsvSourceTest, D7_ACensusDateColumnDatesTheExtractAndItsRowsMustAgree) {
  Write("staff_export.csv", "staff_number,grade,ethnicity,census_date\nE1,B5,A,2023-09-30\nE2,B5,A,30/09/2023\n");
  CsvSource source(config_);
  auto refs = source.List();
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  EXPECT_EQ(Census((*refs)[0]), "2023-09-30");

  Write("staff_export.csv", "staff_number,grade,ethnicity,census_date\nE1,B5,A,2023-09-30\nE2,B5,A,2023-06-30\n");
  auto disagree = source.List();
  ASSERT_FALSE(disagree.ok());
  EXPECT_EQ(disagree.status().message(),
            (dir_ / "staff_export.csv").string() +
                ":3: column 'census_date' value '2023-06-30': differs from the census date 2023-09-30 on row 2; one "
                "extract describes one census date (split the file, or fix the column)");

  // A configured column is checked against a dated name too.
  fs::remove(dir_ / "staff_export.csv");
  Write("staff_2023-03-31.csv", "staff_number,grade,ethnicity,As At\nE1,B5,A,2023-09-30\n");
  config_.columns["census_date"] = {"As At"};
  auto clash = source.List();
  ASSERT_FALSE(clash.ok());
  EXPECT_NE(clash.status().message().find("the file name says census date 2023-03-31 but its census date column says "
                                          "2023-09-30"),
            std::string::npos)
      << clash.status().message();
}

}  // namespace
}  // namespace dxhub::csv
