#include "dxhub/digest/cron.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dxhub::digest {
namespace {

template <size_t N>
std::vector<int> Bits(const std::bitset<N>& bits) {
  std::vector<int> out;
  for (size_t i = 0; i < N; ++i) {
    if (bits[i]) out.push_back(static_cast<int>(i));
  }
  return out;
}

CronExpression Parsed(const std::string& text) {
  auto cron = ParseCron(text);
  EXPECT_TRUE(cron.ok()) << cron.status().ToString();
  return cron.ok() ? *cron : CronExpression{};
}

std::string ErrorOf(const std::string& text) {
  auto cron = ParseCron(text);
  EXPECT_FALSE(cron.ok()) << text << " parsed";
  return cron.ok() ? "" : cron.status().message();
}

TEST(DigestSchedule, A2_CronRangesStepsAndLists) {
  const CronExpression c = Parsed("0-10/5,30 9-17/4 1,15 */3 1-5");
  EXPECT_EQ(Bits(c.minutes), (std::vector<int>{0, 5, 10, 30}));
  EXPECT_EQ(Bits(c.hours), (std::vector<int>{9, 13, 17}));
  EXPECT_EQ(Bits(c.days_of_month), (std::vector<int>{1, 15}));
  EXPECT_EQ(Bits(c.months), (std::vector<int>{1, 4, 7, 10}));
  EXPECT_EQ(Bits(c.days_of_week), (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_TRUE(c.day_of_month_restricted);
  EXPECT_TRUE(c.day_of_week_restricted);
}

TEST(DigestSchedule, A2_CronStarCoversTheWholeField) {
  const CronExpression c = Parsed("* * * * *");
  EXPECT_EQ(c.minutes.count(), 60u);
  EXPECT_EQ(c.hours.count(), 24u);
  EXPECT_EQ(Bits(c.days_of_month).front(), 1);
  EXPECT_EQ(c.days_of_month.count(), 31u);
  EXPECT_EQ(c.months.count(), 12u);
  EXPECT_EQ(c.days_of_week.count(), 7u);
  EXPECT_FALSE(c.day_of_month_restricted);
  EXPECT_FALSE(c.day_of_week_restricted);
}

TEST(DigestSchedule, A2_CronNamesAndSundayAsSeven) {
  const CronExpression c = Parsed("0 7 * jan-Mar,DEC Fri-7");
  EXPECT_EQ(Bits(c.months), (std::vector<int>{1, 2, 3, 12}));
  EXPECT_EQ(Bits(c.days_of_week), (std::vector<int>{0, 5, 6}));
  EXPECT_EQ(Bits(Parsed("0 7 * * 7").days_of_week), (std::vector<int>{0}));
  EXPECT_EQ(Bits(Parsed("0 7 * * sun").days_of_week), (std::vector<int>{0}));
}

TEST(DigestSchedule, A2_CronDayOfMonthOrDayOfWeekWhenBothRestricted) {
  // Vixie: "on the 1st, and on every Monday".
  const CronExpression c = Parsed("0 9 1 * MON");
  EXPECT_TRUE(c.MatchesDay(11, 1, 5));   // Friday 1st
  EXPECT_TRUE(c.MatchesDay(11, 4, 1));   // Monday 4th
  EXPECT_FALSE(c.MatchesDay(11, 5, 2));  // Tuesday 5th
}

TEST(DigestSchedule, A2_CronDayOfMonthAndDayOfWeekWhenOneIsStar) {
  // Day-of-week `*`: only the 1st.
  const CronExpression dom = Parsed("0 9 1 * *");
  EXPECT_TRUE(dom.MatchesDay(11, 1, 5));
  EXPECT_FALSE(dom.MatchesDay(11, 4, 1));
  // Day-of-month `*`: only Mondays.
  const CronExpression dow = Parsed("0 9 * * 1");
  EXPECT_FALSE(dow.MatchesDay(11, 1, 5));
  EXPECT_TRUE(dow.MatchesDay(11, 4, 1));
  // A field starting with `*` counts as unrestricted even with a step (as in
  // Vixie cron): odd days AND Mondays.
  const CronExpression stepped = Parsed("0 9 */2 * 1");
  EXPECT_FALSE(stepped.day_of_month_restricted);
  EXPECT_TRUE(stepped.MatchesDay(11, 11, 1));   // Monday 11th
  EXPECT_FALSE(stepped.MatchesDay(11, 4, 1));   // Monday 4th
  EXPECT_FALSE(stepped.MatchesDay(11, 13, 3));  // Wednesday 13th
  // Month restricts both.
  EXPECT_FALSE(Parsed("0 9 1 JAN MON").MatchesDay(2, 1, 1));
}

// Found writing fuzz/fuzz_cron (issue 19, fuzzing; the input is fuzz/corpus/cron/crash-step-near-int-max):
// the step was added to an int past INT_MAX, which wrapped negative and wrote far outside
// the field's bits (a segfault loading a digest config).
TEST(DigestSchedule, I19_FuzzCronStepNearIntMaxSetsOneValue) {
  const CronExpression cron = Parsed("1-59/2147483647 */2147483647 1-31/2147483646 * *");
  EXPECT_EQ(Bits(cron.minutes), std::vector<int>({1}));
  EXPECT_EQ(Bits(cron.hours), std::vector<int>({0}));
  EXPECT_EQ(Bits(cron.days_of_month), std::vector<int>({1}));
}

TEST(DigestSchedule, A2_CronErrorsNameTheFieldAndColumn) {
  EXPECT_EQ(ErrorOf("0 25 * * *"), "cron \"0 25 * * *\": field 2 (hour) at column 3: 25 is out of range 0-23");
  EXPECT_EQ(ErrorOf("0 7  1-40 * *"),
            "cron \"0 7  1-40 * *\": field 3 (day-of-month) at column 8: 40 is out of range 1-31");
  EXPECT_EQ(ErrorOf("0 7 * * 5-2"),
            "cron \"0 7 * * 5-2\": field 5 (day-of-week) at column 9: the range 5-2 runs backwards "
            "(write the smaller value first)");
  EXPECT_NE(ErrorOf("*/0 * * * *").find("field 1 (minute) at column 3: the step \"0\" must be"), std::string::npos);
  EXPECT_NE(ErrorOf("0 7 * * 1/2").find("field 5 (day-of-week) at column 9: a step needs a range"),
            std::string::npos);
  EXPECT_NE(ErrorOf("0 7 1,,2 * *").find("field 3 (day-of-month) at column 7: an empty list item"),
            std::string::npos);
  EXPECT_NE(ErrorOf("0 7 * FOO *").find("field 4 (month) at column 7: \"FOO\" is not a month name"),
            std::string::npos);
  EXPECT_NE(ErrorOf("0 7 * * x1").find("field 5 (day-of-week) at column 9: \"x1\" is not a day-of-week name"),
            std::string::npos);
  EXPECT_NE(ErrorOf("0 MON * * *").find("field 2 (hour) at column 3: \"MON\" is not a number"), std::string::npos);
  EXPECT_NE(ErrorOf("0 7 * *").find("has 4 fields, needs 5"), std::string::npos);
  EXPECT_NE(ErrorOf("0 7 * * * *").find("has 6 fields, needs 5"), std::string::npos);
  EXPECT_NE(ErrorOf("").find("has 0 fields"), std::string::npos);
}

}  // namespace
}  // namespace dxhub::digest
