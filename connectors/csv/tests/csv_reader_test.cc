#include "dxhub/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace dxhub::csv {
namespace {

TEST(CsvReader, QuotedFieldsDelimitersAndNewlinesInsideQuotes) {
  auto t = ParseCsv("a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\n2,\"two\nlines\",z\n", "f.csv", {});
  ASSERT_EQ(t.headers, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].cells[1], "x, y");
  EXPECT_EQ(t.rows[0].cells[2], "he said \"hi\"");
  EXPECT_EQ(t.rows[1].cells[1], "two\nlines");
  EXPECT_EQ(t.rows[0].row, 2u);
  EXPECT_EQ(t.rows[1].row, 3u);
  EXPECT_TRUE(t.errors.empty());
}

TEST(CsvReader, TildeDelimiterAndByteOrderMark) {
  auto t = ParseCsv("\xEF\xBB\xBF" "EMP_NO~GRADE\nE1~GR5\n", "p.csv", CsvOptions{'~', true});
  ASSERT_EQ(t.headers[0], "EMP_NO");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].cells[1], "GR5");
}

TEST(CsvReader, WrongFieldCountIsAnErrorWithTheRowNumber) {
  auto t = ParseCsv("a,b\n1,2\n3,4,5\n\n6,7\n", "f.csv", {});
  ASSERT_EQ(t.rows.size(), 2u);
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0].row, 3u);
  EXPECT_NE(t.errors[0].message.find("3 fields but the header has 2"), std::string::npos);
  EXPECT_EQ(t.rows[1].row, 5u);
}

TEST(CsvReader, UnclosedQuoteIsReported) {
  auto t = ParseCsv("a,b\n1,\"open\n", "f.csv", {});
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_NE(t.errors[0].message.find("never closed"), std::string::npos);
}

// Issue 15, defect 1: one non-UTF-8 byte made the connector unusable.
TEST(PartnerFiles, D1_NonUtf8ByteIsARowErrorNamingTheByte) {
  const std::string text = "\xEF\xBB\xBF" "Employee,Ethnic Origin\n"
                           "E1,A White - British\n"
                           "E2,\"M Black \x96 Caribbean\"\n"
                           "E3,Ren\xC3\xA9\n";
  auto t = ParseCsv(text, "staff.csv", {});
  ASSERT_EQ(t.rows.size(), 3u);  // the bad row stays, marked bad, so its staff number is still known
  EXPECT_TRUE(t.errors.empty());
  EXPECT_TRUE(t.rows[0].cell_errors.empty());
  EXPECT_TRUE(t.rows[2].cell_errors.empty());  // real UTF-8 is fine
  ASSERT_EQ(t.rows[1].cell_errors.size(), 1u);
  const auto& e = t.rows[1].cell_errors[0];
  EXPECT_EQ(e.row, 3u);
  EXPECT_EQ(e.column, "Ethnic Origin");
  const size_t offset = text.find('\x96');
  EXPECT_EQ(e.ToString(), "staff.csv:3: column 'Ethnic Origin': byte 0x96 at offset " +
                              std::to_string(offset) +
                              " is not valid UTF-8; the file is in another encoding: set source.encoding in the "
                              "connector config (windows-1252 for most Windows and Excel exports)");
}

TEST(PartnerFiles, D1_NonUtf8ByteInAShortRowIsReportedWithTheRow) {
  auto t = ParseCsv("a,b\n1,2\n\xE9\n", "f.csv", {});
  ASSERT_EQ(t.errors.size(), 2u);
  EXPECT_NE(t.errors[0].message.find("1 fields but the header has 2"), std::string::npos);
  EXPECT_EQ(t.errors[1].message.find("field 1: byte 0xE9 at offset 8 is not valid UTF-8"), 0u) << t.errors[1].message;
}

class CsvFileTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const std::string& bytes) {
    path_ = std::filesystem::temp_directory_path() /
            ("dxhub-csv-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".csv");
    std::ofstream(path_, std::ios::binary) << bytes;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(CsvFileTest, D1_Windows1252FileIsConvertedWhenTheEncodingIsSet) {
  const auto path = Write("Employee,Ethnic Origin\nE1,M Black \x96 Caribbean\nE2,Ren\xE9\n");
  auto t = ReadCsvFile(path, CsvOptions{',', true, "windows-1252"});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].cells[1], "M Black \xE2\x80\x93 Caribbean");
  EXPECT_EQ(t->rows[1].cells[1], "Ren\xC3\xA9");
  EXPECT_TRUE(t->rows[0].cell_errors.empty());
  // The same file read as UTF-8: both rows are bad, with the file's offsets.
  auto raw = ReadCsvFile(path, {});
  ASSERT_TRUE(raw.ok());
  ASSERT_EQ(raw->rows[0].cell_errors.size(), 1u);
  EXPECT_NE(raw->rows[1].cell_errors.at(0).message.find("byte 0xE9 at offset 52 "), std::string::npos)
      << raw->rows[1].cell_errors[0].message;
}

TEST_F(CsvFileTest, D1_AByteMissingFromTheEncodingIsAWholeFileErrorWithLineAndOffset) {
  const auto path = Write("a,b\n1,\x81\n");
  auto t = ReadCsvFile(path, CsvOptions{',', true, "windows-1252"});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message().find(path.string() + ":2: byte 0x81 at offset 6 is not valid windows-1252; is "
                                                          "source.encoding right?"),
            0u)
      << t.status().message();
}

TEST_F(CsvFileTest, D1_ANonUtf8HeaderIsAWholeFileError) {
  const auto path = Write("Employee,Ethnic Origin,Nom de l'\xE9quipe\nE1,A,x\n");
  auto t = ReadCsvFile(path, {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message().find(path.string() + ":1: the header line: byte 0xE9 at offset 32 is not valid UTF-8"),
            0u)
      << t.status().message();
}

TEST_F(CsvFileTest, D1_AUtf8ByteOrderMarkWinsOverTheConfiguredEncoding) {
  const auto path = Write("\xEF\xBB\xBF" "a,b\n1,Ren\xC3\xA9\n");
  auto t = ReadCsvFile(path, CsvOptions{',', true, "windows-1252"});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->headers[0], "a");
  EXPECT_EQ(t->rows[0].cells[1], "Ren\xC3\xA9");
}

}  // namespace
}  // namespace dxhub::csv
