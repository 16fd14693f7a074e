#include "dxhub/csv/csv_reader.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace dxhub::csv
