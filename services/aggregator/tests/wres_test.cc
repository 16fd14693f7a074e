// WRES indicators 2 to 9 on hand-built histories, census 2023-03-31.
#include "dxhub/stats/relative_likelihood.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

constexpr char kCensus[] = "2023-03-31";

// White appointed a of 100 shortlisted, BME b of 100, in the window.
Cell Wres2(int white_appointed, int bme_appointed) {
  History h;
  h.Recruitment(white_appointed, "2022-10-01", ETHNICITY_A_WHITE_BRITISH, true);
  h.Recruitment(100 - white_appointed, "2022-10-01", ETHNICITY_A_WHITE_BRITISH, false);
  h.Recruitment(bme_appointed, "2022-10-01", ETHNICITY_M_BLACK_CARIBBEAN, true);
  h.Recruitment(100 - bme_appointed, "2022-10-01", ETHNICITY_M_BLACK_CARIBBEAN, false);
  h.Recruitment(50, "2021-10-01", ETHNICITY_M_BLACK_CARIBBEAN, true);  // outside the 12-month window
  h.Recruitment(9, "2022-10-01", ETHNICITY_NOT_KNOWN, true);          // excluded
  return Find(CubeAt(h, "BTHFT", kCensus, ExactSettings()), "wres2_appointed_rl", "White_vs_BME");
}

TEST(Wres2, FourFifthsBoundariesAreInclusive) {
  // (40/100) / (50/100) = 0.80: the lower edge, no adverse impact.
  const Cell low = Wres2(40, 50);
  EXPECT_DOUBLE_EQ(low.value(), 0.80);
  EXPECT_EQ(low.four_fifths(), v1::FOUR_FIFTHS_NO_ADVERSE_IMPACT);
  // (50/100) / (40/100) = 1.25: the upper edge, no adverse impact.
  const Cell high = Wres2(50, 40);
  EXPECT_DOUBLE_EQ(high.value(), 1.25);
  EXPECT_EQ(high.four_fifths(), v1::FOUR_FIFTHS_NO_ADVERSE_IMPACT);
  // (51/100) / (40/100) = 1.275 > 1.25: adverse to BME applicants.
  EXPECT_EQ(Wres2(51, 40).four_fifths(), v1::FOUR_FIFTHS_ADVERSE_TO_BME);
  // (39/100) / (50/100) = 0.78 < 0.80: adverse to White applicants.
  EXPECT_EQ(Wres2(39, 50).four_fifths(), v1::FOUR_FIFTHS_ADVERSE_TO_WHITE);
}

TEST(Wres2, CarriesCountsAndTheKatzInterval) {
  // 47/100 vs 15/100: 3.13, as in the published trust example (46.99% / 14.65% = 3.2).
  const Cell c = Wres2(47, 15);
  EXPECT_EQ(c.numerator(), 47);
  EXPECT_EQ(c.denominator(), 100);
  EXPECT_EQ(c.comparison_numerator(), 15);
  EXPECT_EQ(c.comparison_denominator(), 100);
  // se = sqrt(1/47 - 1/100 + 1/15 - 1/100); CI = exp(ln(3.1333) ± 1.96 se).
  const auto expected = stats::ComputeRelativeLikelihood(47, 100, 15, 100);
  EXPECT_DOUBLE_EQ(c.ci_low(), expected.ci_low);
  EXPECT_DOUBLE_EQ(c.ci_high(), expected.ci_high);
  EXPECT_TRUE(c.significant());
  EXPECT_EQ(c.four_fifths(), v1::FOUR_FIFTHS_ADVERSE_TO_BME);
}

TEST(Wres2, SmallInputsSuppressTheLikelihood) {
  // 5 BME appointed is a count 1..7: the relative likelihood is withheld.
  const Cell c = Wres2(40, 5);
  EXPECT_TRUE(c.suppressed());
  EXPECT_TRUE(CarriesNoFigure(c));
}

// 100 White and 50 BME staff in post at the census.
History Headcount() {
  History h;
  h.Staffs(0, 100, "2020-01-01", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(1000, 50, "2020-01-01", TIER_CORE, ETHNICITY_K_ASIAN_BANGLADESHI);
  return h;
}

TEST(Wres3, BmeVersusWhiteEnteringDisciplinaryOverTwoYears) {
  History h = Headcount();
  for (int n = 0; n < 10; ++n) h.Disciplinary(n, "2022-06-15");          // 10 White
  for (int n = 1000; n < 1010; ++n) h.Disciplinary(n, "2021-06-01");     // 10 BME, inside 2 years
  h.Disciplinary(1000, "2022-02-01");                                    // same person again: once
  for (int n = 1010; n < 1020; ++n) h.Disciplinary(n, "2020-06-01");     // outside the window
  // (10/50) / (10/100) = 2.0: adverse to BME staff.
  const Cell c = Find(CubeAt(h, "BTHFT", kCensus, ExactSettings()), "wres3_disciplinary_rl", "BME_vs_White");
  EXPECT_DOUBLE_EQ(c.value(), 2.0);
  EXPECT_EQ(c.numerator(), 10);
  EXPECT_EQ(c.denominator(), 50);
  EXPECT_EQ(c.four_fifths(), v1::FOUR_FIFTHS_ADVERSE_TO_BME);
  // A one-year window (config) leaves only the 10 White: BME 0/50 -> likelihood 0.
  IndicatorSettings one_year = ExactSettings();
  one_year.disciplinary_window_months = 12;
  EXPECT_DOUBLE_EQ(Find(CubeAt(h, "BTHFT", kCensus, one_year), "wres3_disciplinary_rl", "BME_vs_White").value(), 0.0);
}

TEST(Wres4, WhiteVersusBmeAccessingTraining) {
  History h = Headcount();
  for (int n = 0; n < 60; ++n) h.Training(n, "2022-09-01");
  for (int n = 1000; n < 1020; ++n) h.Training(n, "2022-09-01");
  // (60/100) / (20/50) = 1.5.
  const Cell c = Find(CubeAt(h, "BTHFT", kCensus, ExactSettings()), "wres4_training_rl", "White_vs_BME");
  EXPECT_DOUBLE_EQ(c.value(), 1.5);
  EXPECT_EQ(c.four_fifths(), v1::FOUR_FIFTHS_ADVERSE_TO_BME);
}

// Issue 18: WRES 3/4 look a fact's person up once per refresh, by the fact's
// interned key and its org. Two partners' keys can be equal (pseudonyms are
// per partner); each must still find its own partner's person.
TEST(Wres4, I18_EqualKeysInTwoOrgsAreTwoPeopleAtPlaceScope) {
  History h("BTHFT");
  h.Staffs(0, 100, "2020-01-01", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  for (int n = 0; n < 60; ++n) h.Training(n, "2022-09-01");
  History other("LTHT");
  other.Staffs(0, 100, "2020-01-01", TIER_CORE, ETHNICITY_K_ASIAN_BANGLADESHI);  // the same keys
  for (int n = 0; n < 30; ++n) other.Training(n, "2022-09-01");
  for (const auto& e : other.events()) h.Add(e.event());
  // Place: (60/100 White) / (30/100 BME) = 2.0.
  const Cell c = Find(CubeAt(h, std::string(kPlaceScope), kCensus, ExactSettings()), "wres4_training_rl", "White_vs_BME");
  EXPECT_DOUBLE_EQ(c.value(), 2.0);
}

TEST(Wres5To8, SurveyPercentagesByGroupUseTheLatestSurvey) {
  History h;
  auto survey = [&](const std::string& date, SurveyGroup group, int positive, int respondents) {
    Event e = h.Envelope(date);
    auto* s = e.mutable_survey_result();
    s->set_survey_id("nhs-" + date);
    s->set_question("wres5");
    s->set_group(group);
    s->set_positive(positive);
    s->set_respondents(respondents);
    h.Add(e);
  };
  survey("2021-12-01", SURVEY_GROUP_WHITE, 90, 100);  // superseded
  survey("2022-12-01", SURVEY_GROUP_WHITE, 30, 100);
  survey("2022-12-01", SURVEY_GROUP_BME, 25, 50);
  const Cube cube = CubeAt(h, "BTHFT", kCensus, ExactSettings());
  EXPECT_DOUBLE_EQ(Find(cube, "wres5_percent", "group=White").value(), 0.30);
  EXPECT_DOUBLE_EQ(Find(cube, "wres5_percent", "group=BME").value(), 0.50);
  // 50% - 30% = 20 points; Newcombe interval excludes 0.
  const Cell gap = Find(cube, "wres5_bme_vs_white_pp", "BME_vs_White");
  EXPECT_NEAR(gap.value(), 20.0, 1e-9);
  EXPECT_TRUE(gap.significant());
}

TEST(Wres9, VotingBoardAgainstWorkforceInPoints) {
  History h = Headcount();  // workforce BME 50 / 150
  auto seat = [&](int n, Ethnicity e, BoardRole role, const std::string& ended) {
    Event ev = h.Envelope("2022-01-01");
    auto* b = ev.mutable_board_membership();
    b->set_member_key(protocol::SampleKey("member-" + std::to_string(n)));
    b->set_board_role(role);
    b->set_ethnicity(e);
    if (!ended.empty()) *b->mutable_ended_on() = *protocol::ParseDate(ended);
    h.Add(ev);
  };
  for (int n = 0; n < 12; ++n) seat(n, ETHNICITY_A_WHITE_BRITISH, BOARD_ROLE_VOTING, "");
  for (int n = 12; n < 20; ++n) seat(n, ETHNICITY_H_ASIAN_INDIAN, BOARD_ROLE_VOTING, "");
  seat(20, ETHNICITY_H_ASIAN_INDIAN, BOARD_ROLE_NON_VOTING, "");            // not voting
  seat(21, ETHNICITY_H_ASIAN_INDIAN, BOARD_ROLE_VOTING, "2022-12-31");      // left the board
  // 8/20 - 50/150 = 40% - 33.33% = 6.67 points.
  const Cell c = Find(CubeAt(h, "BTHFT", kCensus, ExactSettings()), "wres9_board_vs_workforce_pp", "voting");
  EXPECT_NEAR(c.value(), (8.0 / 20 - 50.0 / 150) * 100, 1e-9);
  EXPECT_EQ(c.numerator(), 8);
  EXPECT_EQ(c.denominator(), 20);
}

}  // namespace
}  // namespace dxhub::aggregator::testing
