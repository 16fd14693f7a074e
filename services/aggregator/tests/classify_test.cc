// WRES groups, census dates, month arithmetic and the indicator settings file.
#include <gtest/gtest.h>

#include "dxhub/aggregator/classify.h"
#include "dxhub/aggregator/config.h"
#include "dxhub/protocol/dates.h"

namespace dxhub::aggregator {
namespace {

using namespace dxhub::event::v1;

int64_t D(const char* s) { return protocol::DaysFromCivil(*protocol::ParseDate(s)); }

TEST(Classify, WhiteGroupsIncludeTheOnsWhiteGroupsAndUndeclaredIsUnknown) {
  for (auto e : {ETHNICITY_A_WHITE_BRITISH, ETHNICITY_B_WHITE_IRISH, ETHNICITY_C_WHITE_OTHER,
                 ETHNICITY_WHITE_GYPSY_IRISH_TRAVELLER, ETHNICITY_WHITE_ROMA}) {
    EXPECT_EQ(GroupOf(e), EthnicGroup::kWhite) << Ethnicity_Name(e);
  }
  for (auto e : {ETHNICITY_D_MIXED_WHITE_BLACK_CARIBBEAN, ETHNICITY_J_ASIAN_PAKISTANI, ETHNICITY_R_CHINESE,
                 ETHNICITY_S_OTHER, ETHNICITY_OTHER_ARAB}) {
    EXPECT_EQ(GroupOf(e), EthnicGroup::kBme) << Ethnicity_Name(e);
  }
  EXPECT_EQ(GroupOf(ETHNICITY_NOT_STATED), EthnicGroup::kUnknown);
  EXPECT_EQ(GroupOf(ETHNICITY_NOT_KNOWN), EthnicGroup::kUnknown);
}

TEST(Classify, CensusDatesAreQuarterEndsAndTheWresYearEndsInMarch) {
  EXPECT_EQ(QuarterEndOnOrAfter(D("2023-03-31")), D("2023-03-31"));
  EXPECT_EQ(QuarterEndOnOrAfter(D("2023-04-01")), D("2023-06-30"));
  EXPECT_EQ(QuarterEndOnOrAfter(D("2023-12-01")), D("2023-12-31"));
  const auto days = CensusDays(D("2022-11-05"), D("2023-07-01"));
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(DayText(days.front()), "2022-12-31");
  EXPECT_EQ(DayText(days.back()), "2023-09-30");
}

TEST(Classify, MonthsBeforeClampsToTheMonthsLength) {
  EXPECT_EQ(DayText(MonthsBefore(D("2023-03-31"), 12)), "2022-03-31");
  EXPECT_EQ(DayText(MonthsBefore(D("2023-03-31"), 1)), "2023-02-28");
  EXPECT_EQ(DayText(MonthsBefore(D("2024-01-15"), 24)), "2022-01-15");
}

// Issue 15, defect 6: 30 June - 3 months gave 30 March and missed the 31 March census.
TEST(PartnerFiles, D6_ProgressionWindowsEndOnMonthEnds) {
  for (int year : {2023, 2024}) {
    const std::vector<int64_t> quarter_ends = CensusDays(D(year == 2023 ? "2023-01-01" : "2024-01-01"),
                                                         D(year == 2023 ? "2023-12-31" : "2024-12-31"));
    ASSERT_EQ(quarter_ends.size(), 4u);
    for (int64_t q : quarter_ends) {
      for (int months : {3, 6, 9, 12, 24}) {
        const int64_t back = MonthsBefore(q, months);
        // A quarter end minus whole quarters is a quarter end: a census date.
        EXPECT_EQ(QuarterEndOnOrAfter(back), back) << DayText(q) << " - " << months;
      }
    }
  }
  EXPECT_EQ(DayText(MonthsBefore(D("2023-06-30"), 3)), "2023-03-31");
  EXPECT_EQ(DayText(MonthsBefore(D("2023-09-30"), 6)), "2023-03-31");
  EXPECT_EQ(DayText(MonthsBefore(D("2023-12-31"), 3)), "2023-09-30");
  EXPECT_EQ(DayText(MonthsBefore(D("2024-05-31"), 3)), "2024-02-29");   // into a leap February
  EXPECT_EQ(DayText(MonthsBefore(D("2024-02-29"), 12)), "2023-02-28");  // from 29 February
  EXPECT_EQ(DayText(MonthsBefore(D("2024-02-29"), 48)), "2020-02-29");
  EXPECT_EQ(DayText(MonthsBefore(D("2024-02-29"), 1)), "2024-01-31");   // a month end stays a month end
  EXPECT_EQ(DayText(MonthsBefore(D("2024-03-30"), 1)), "2024-02-29");   // not a month end: clamped
  EXPECT_EQ(DayText(MonthsBefore(D("2023-04-30"), 1)), "2023-03-31");
}

TEST(Config, DefaultsAreBradfordAndNhsDigitalThresholds) {
  auto s = ParseIndicatorSettings("{}", "inline");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->population.population, 546400);
  EXPECT_DOUBLE_EQ(s->population.bme_share, 0.389);
  EXPECT_DOUBLE_EQ(s->population.groups.at("pakistani"), 0.255);
  EXPECT_EQ(s->disclosure.min_count_shown, 8);
  EXPECT_EQ(s->disclosure.rounding_base, 5);
  EXPECT_EQ(s->disciplinary_window_months, 24);
  EXPECT_EQ(s->pay_reference.count(ETHNICITY_A_WHITE_BRITISH), 1u);
}

TEST(Config, ErrorsNameLineAndColumn) {
  auto s = ParseIndicatorSettings("disclosure:\n  min_count_shown: 10\ndisciplinary_windw_months: 12\n", "agg.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("agg.yaml:3:"), std::string::npos) << s.status().message();
  auto ok = ParseIndicatorSettings("disclosure:\n  min_count_shown: 10\n  rounding_base: 0\n", "agg.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->disclosure.min_count_shown, 10);
  EXPECT_FALSE(ParseIndicatorSettings("pay_reference: [ETHNICITY_Q]\n", "agg.yaml").ok());
}

}  // namespace
}  // namespace dxhub::aggregator
