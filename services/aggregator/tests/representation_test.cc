// Representation, declaration, WRES 1 and the headcount table, on a
// hand-built workforce at 2023-03-31 (arithmetic in the comments).
#include <cmath>

#include "dxhub/stats/proportion.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

constexpr char kCensus[] = "2023-03-31";

// CORE: 30 White (A), 20 BME (J), 10 not stated; SENIOR: 8 White, 8 BME;
// MIDDLE: 10 White, 2 BME; EXECUTIVE: 3 White.
// Workforce: White 51, BME 30, not stated 10, total 91; known = 81.
History Workforce() {
  History h;
  h.Staffs(0, 30, "2023-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(100, 20, "2023-01-10", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);
  h.Staffs(200, 10, "2023-01-10", TIER_CORE, ETHNICITY_NOT_STATED);
  h.Staffs(300, 8, "2023-01-10", TIER_SENIOR, ETHNICITY_C_WHITE_OTHER);
  h.Staffs(400, 8, "2023-01-10", TIER_SENIOR, ETHNICITY_N_BLACK_AFRICAN);
  h.Staffs(500, 10, "2023-01-10", TIER_MIDDLE, ETHNICITY_WHITE_ROMA);  // ONS White group
  h.Staffs(600, 2, "2023-01-10", TIER_MIDDLE, ETHNICITY_OTHER_ARAB);   // ONS "Other": BME
  h.Staffs(700, 3, "2023-01-10", TIER_EXECUTIVE, ETHNICITY_B_WHITE_IRISH);
  return h;
}

TEST(Representation, BmeShareExcludesUndeclaredFromTheDenominator) {
  const Cube cube = CubeAt(Workforce(), "BTHFT", kCensus, ExactSettings());
  // CORE: 20 / (30 + 20) = 0.40; the 10 not stated are excluded.
  const Cell core = Find(cube, "representation_bme", "tier=TIER_CORE");
  ASSERT_FALSE(core.suppressed());
  EXPECT_EQ(core.numerator(), 20);
  EXPECT_EQ(core.denominator(), 50);
  EXPECT_DOUBLE_EQ(core.value(), 0.40);
  const auto wilson = stats::WilsonProportion(20, 50);
  EXPECT_DOUBLE_EQ(core.ci_low(), wilson.ci_low);
  EXPECT_DOUBLE_EQ(core.ci_high(), wilson.ci_high);
  EXPECT_EQ(protocol::DateToString(core.census_date()), kCensus);
  EXPECT_EQ(core.mapping_version(), "bthft-1");
  // Workforce: 30 / 81.
  const Cell all = Find(cube, "representation_bme", "workforce");
  EXPECT_EQ(all.numerator(), 30);
  EXPECT_EQ(all.denominator(), 81);
  // Senior and above: 8 BME / (8 + 8 + 3) = 8 / 19.
  const Cell senior = Find(cube, "representation_bme", "senior_and_above");
  EXPECT_EQ(senior.numerator(), 8);
  EXPECT_EQ(senior.denominator(), 19);
  // Senior-to-workforce ratio: (8/19) / (30/81) = 648 / 570 = 1.1368...
  const Cell ratio = Find(cube, "senior_to_workforce_ratio", "senior_and_above");
  EXPECT_NEAR(ratio.value(), (8.0 * 81) / (30.0 * 19), 1e-12);
  // Gap to the district population: 30/81 - 0.389 = -1.862... points.
  const Cell gap = Find(cube, "population_gap_pp", "workforce");
  EXPECT_NEAR(gap.value(), (30.0 / 81 - 0.389) * 100, 1e-9);
  EXPECT_FALSE(gap.significant());  // Wilson 95% CI of 30/81 covers 0.389
}

TEST(Representation, DeclarationRates) {
  const Cube cube = CubeAt(Workforce(), "BTHFT", kCensus, ExactSettings());
  // Ethnicity known for 81 of 91; disability declared (NO) for all 91.
  const Cell ethnicity = Find(cube, "declaration_ethnicity", "workforce");
  EXPECT_EQ(ethnicity.numerator(), 81);
  EXPECT_EQ(ethnicity.denominator(), 91);
  // 91 of 91: the complement 0 is not small, so it is shown.
  EXPECT_DOUBLE_EQ(Find(cube, "declaration_disability", "workforce").value(), 1.0);
}

TEST(Representation, DisabledShareKeepsTheUndeclaredInTheDenominator) {
  // WDES metric 1: 20 not disabled, 10 disabled, 10 not declared = 40 staff.
  History h;
  h.Staffs(0, 20, "2023-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  for (int n = 100; n < 110; ++n) h.Staff(n, "2023-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH).set_disability(DISABILITY_YES);
  for (int n = 200; n < 210; ++n) {
    h.Staff(n, "2023-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH).set_disability(DISABILITY_NOT_DECLARED);
  }
  const Cube cube = CubeAt(h, "BTHFT", kCensus, ExactSettings());
  // Disabled: 10 / 40 = 0.25 (not 10 / 30: the undeclared are not assumed non-disabled or disabled).
  const Cell disabled = Find(cube, "representation_disabled", "workforce");
  EXPECT_EQ(disabled.numerator(), 10);
  EXPECT_EQ(disabled.denominator(), 40);
  EXPECT_DOUBLE_EQ(disabled.value(), 0.25);
  // Declared: 30 / 40.
  EXPECT_DOUBLE_EQ(Find(cube, "declaration_disability", "workforce").value(), 0.75);
}

TEST(Representation, SmallCountsAreSuppressedPrimarilyAndTheirComplementSecondarily) {
  const Cube cube = CubeAt(Workforce(), "BTHFT", kCensus, ExactSettings());
  // MIDDLE BME = 2: a count 1..7 is withheld.
  const Cell middle_bme = Find(cube, "headcount", "tier=TIER_MIDDLE,group=BME");
  EXPECT_TRUE(middle_bme.suppressed());
  EXPECT_TRUE(CarriesNoFigure(middle_bme));
  // MIDDLE White = 10 is not small, but with the row total (12) shown and
  // rounding off, 12 - 10 would give the 2 back: secondary suppression.
  const Cell middle_white = Find(cube, "headcount", "tier=TIER_MIDDLE,group=White");
  EXPECT_TRUE(middle_white.suppressed());
  EXPECT_TRUE(CarriesNoFigure(middle_white));
  // The 2 / 12 share is withheld because its numerator is.
  EXPECT_TRUE(Find(cube, "representation_bme", "tier=TIER_MIDDLE").suppressed());
  // Default policy (rounding to 5): no secondary suppression, 10 shown as 10.
  const Cube rounded = CubeAt(Workforce(), "BTHFT", kCensus, IndicatorSettings{});
  const Cell shown = Find(rounded, "headcount", "tier=TIER_MIDDLE,group=White");
  ASSERT_FALSE(shown.suppressed());
  EXPECT_EQ(shown.numerator(), 10);
  // CORE White 30, BME 20 (rounded stay), not stated 10: all shown; workforce
  // 91 rounds to 90 and the BME share uses rounded counts 30 / 80.
  const Cell all = Find(rounded, "representation_bme", "workforce");
  EXPECT_EQ(all.numerator(), 30);
  EXPECT_EQ(all.denominator(), 80);
  // EXECUTIVE: 3 White only: headcount withheld, share from 0 BME of 3 withheld (denominator < 8).
  EXPECT_TRUE(Find(rounded, "headcount", "tier=TIER_EXECUTIVE,group=White").suppressed());
  EXPECT_TRUE(Find(rounded, "representation_bme", "tier=TIER_EXECUTIVE").suppressed());
}

TEST(Representation, Wres1ComparesEachTierWithTheWorkforce) {
  const Cube cube = CubeAt(Workforce(), "BTHFT", kCensus, ExactSettings());
  // SENIOR: 8/16 - 30/81 = 0.5 - 0.37037 = 12.96 points.
  const Cell senior = Find(cube, "wres1_tier_vs_workforce_pp", "tier=TIER_SENIOR");
  ASSERT_FALSE(senior.suppressed());
  EXPECT_NEAR(senior.value(), (0.5 - 30.0 / 81) * 100, 1e-9);
  EXPECT_EQ(senior.comparison_denominator(), 81);
}

TEST(Representation, PlaceCombinesOrganisationsAndGradesStayPerOrganisation) {
  History h = Workforce();
  Event e = h.Envelope("2023-02-01", "BMDC");
  auto* r = e.mutable_staff_record();
  r->set_person_key(History::Person(9000));
  r->set_tier(TIER_CORE);
  r->set_ethnicity(ETHNICITY_H_ASIAN_INDIAN);
  r->set_grade("Grade 4");
  r->set_mapping_version("bmdc-1");
  h.Add(e);
  const Cube place = CubeAt(h, "place", kCensus, ExactSettings());
  EXPECT_EQ(Find(place, "representation_bme", "workforce").numerator(), 31);
  EXPECT_EQ(place.mapping_version(), "bmdc-1,bthft-1");
  for (const auto& c : place.cells()) EXPECT_NE(c.breakdown().rfind("grade=", 0), 0u) << c.breakdown();
  const Cube org = CubeAt(h, "BTHFT", kCensus, ExactSettings());
  EXPECT_EQ(Find(org, "representation_bme", "grade=Band 5").denominator(), 50);
}

TEST(Representation, BackdatedRecordsTakeTheirPlaceInTheTimeline) {
  History h;
  h.Staff(1, "2023-05-01", TIER_SENIOR, ETHNICITY_J_ASIAN_PAKISTANI);
  h.Staff(1, "2023-01-01", TIER_CORE, ETHNICITY_J_ASIAN_PAKISTANI);  // arrives later, effective earlier
  const State state = h.Build();
  const Timeline& t = state.orgs().at("BTHFT").people.at(PersonId::Of(History::Person(1)));
  EXPECT_EQ(InPost(t, Day("2023-03-31"))->tier(), TIER_CORE);
  EXPECT_EQ(InPost(t, Day("2023-06-30"))->tier(), TIER_SENIOR);
  h.Left(1, "2023-06-01");
  EXPECT_EQ(InPost(h.Build().orgs().at("BTHFT").people.at(PersonId::Of(History::Person(1))), Day("2023-06-30")), nullptr);
}

}  // namespace
}  // namespace dxhub::aggregator::testing
