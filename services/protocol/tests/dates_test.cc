#include "dxhub/protocol/dates.h"

#include <gtest/gtest.h>

namespace dxhub::protocol {
namespace {

TEST(Dates, ParsesAndPrintsIso) {
  auto d = ParseDate("2023-09-30");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(DateToString(*d), "2023-09-30");
}

TEST(Dates, RejectsImpossibleDates) {
  EXPECT_FALSE(ParseDate("2023-02-29").has_value());
  EXPECT_TRUE(ParseDate("2024-02-29").has_value());
  EXPECT_FALSE(ParseDate("2023-13-01").has_value());
  EXPECT_FALSE(ParseDate("1899-12-31").has_value());
  EXPECT_FALSE(ParseDate("2023-9-30").has_value());
  EXPECT_FALSE(ParseDate("2023-09-30x").has_value());
}

TEST(Dates, DayNumbersRoundTrip) {
  EXPECT_EQ(DaysFromCivil(MakeDate(1970, 1, 1)), 0);
  EXPECT_EQ(DaysFromCivil(MakeDate(2021, 3, 31)), 18717);
  for (int64_t day = -30000; day < 90000; day += 37) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(day)), day);
  }
}

}  // namespace
}  // namespace dxhub::protocol
