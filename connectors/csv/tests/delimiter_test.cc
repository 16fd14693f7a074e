// Issue 15 defect 7: the delimiter is detected in each file unless configured,
// and the table says which one split it.
#include "dxhub/csv/delimiter.h"

#include <gtest/gtest.h>

#include "dxhub/connector/connector_config.h"
#include "dxhub/csv/csv_reader.h"

namespace dxhub::csv {
namespace {

CsvOptions Detect() { return CsvOptions{connector::kDetectDelimiter, true}; }

TEST(PartnerFiles, D7_TildeFileIsReadWithTildeWhenNoDelimiterIsConfigured) {
  auto t = ParseCsv("\xEF\xBB\xBF" "EMP_NO~GRADE~NAME\r\nE1~GR5~\"Smith, Jane\"\r\n", "staff.csv", Detect());
  EXPECT_EQ(t.headers, (std::vector<std::string>{"EMP_NO", "GRADE", "NAME"}));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].cells[2], "Smith, Jane");
  EXPECT_EQ(t.read_with, "delimiter '~'");
  EXPECT_TRUE(t.errors.empty());
}

TEST(PartnerFiles, D7_EachCandidateDelimiterIsDetected) {
  for (const char d : std::string{',', '~', '\t', ';', '|'}) {
    const std::string text = std::string("a") + d + "b" + d + "c\n1" + d + "2" + d + "3\n";
    EXPECT_EQ(DetectDelimiter(text), d) << DelimiterName(d);
  }
  EXPECT_EQ(DelimiterName('\t'), "delimiter tab");
}

TEST(PartnerFiles, D7_DelimitersInsideQuotesDoNotCount) {
  // The quoted header cell holds four commas; the file is ';'-delimited.
  EXPECT_EQ(DetectDelimiter("\"a,b,c,d,e\";f;g\n\"1,2,3,4,5\";6;7\n"), ';');
}

TEST(PartnerFiles, D7_TheCandidateTheDataRowsAgreeWithWins) {
  // ',' splits the header into 4 and ';' into 3, but the rows agree only with ';'.
  EXPECT_EQ(DetectDelimiter("a;b;c,d,e,f\n1;2;3,4\n5;6;7\n"), ';');
  // Both agree: the one giving more fields wins.
  EXPECT_EQ(DetectDelimiter("a|b|c,d\n1|2|3,4\n"), '|');
  // A single-column file.
  EXPECT_EQ(DetectDelimiter("staff_number\nE1\n"), ',');
}

TEST(PartnerFiles, D7_AConfiguredDelimiterIsUsedAndTheOthersAreKeptForMessages) {
  auto t = ParseCsv("EMP_NO~GRADE\nE1~GR5\n", "staff.csv", CsvOptions{',', true});
  EXPECT_EQ(t.headers, (std::vector<std::string>{"EMP_NO~GRADE"}));
  EXPECT_EQ(t.read_with, "delimiter ','");
  ASSERT_EQ(t.other_readings.size(), 1u);
  EXPECT_EQ(t.other_readings[0].how, "delimiter '~'");
  EXPECT_EQ(t.other_readings[0].headers, (std::vector<std::string>{"EMP_NO", "GRADE"}));
  // A row that splits differently from the header names the delimiter used.
  auto rows = ParseCsv("a~b\n1~2~3\n", "f.csv", CsvOptions{connector::kDetectDelimiter, true});
  ASSERT_EQ(rows.errors.size(), 1u);
  EXPECT_EQ(rows.errors[0].message,
            "row has 3 fields but the header has 2 when split by delimiter '~' (a delimiter inside an unquoted value?)");
}

}  // namespace
}  // namespace dxhub::csv
