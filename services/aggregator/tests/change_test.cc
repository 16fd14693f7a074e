// Trend words from exact counts (issue 17, item 2): each shown proportion says
// whether it went up, down or did not change significantly since the previous
// census date, tested on the exact counts, never on the rounded figures.
#include <gtest/gtest.h>

#include "dxhub/aggregator/cube_set.h"
#include "dxhub/aggregator/query.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

// The issue's real case: 19/162 then 21/169 shows, rounded to 5, as 20/160 =
// 12.5% then 20/170 = 11.8%: the rounded figures fall while the exact ones rise.
TEST(IndicatorChange, Issue17_RoundingReversalIsNotCalledDown) {
  History h;
  h.Staffs(1, 19, "2024-01-15", TIER_SENIOR, ETHNICITY_H_ASIAN_INDIAN);
  h.Staffs(100, 143, "2024-01-15", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(300, 2, "2024-04-15", TIER_SENIOR, ETHNICITY_H_ASIAN_INDIAN);
  h.Staffs(400, 5, "2024-04-15", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  const IndicatorSettings settings;  // the default disclosure control: counts rounded to 5
  CubeSet set(settings);
  set.Refresh(h.Build(), h.events().size(), nullptr, nullptr);
  const Cube& march = set.cubes().at({"BTHFT", Day("2024-03-31")}).cube();
  const Cube& june = set.cubes().at({"BTHFT", Day("2024-06-30")}).cube();
  const Cell before = Find(march, "representation_bme", "tier=TIER_SENIOR");
  const Cell after = Find(june, "representation_bme", "tier=TIER_SENIOR");
  EXPECT_EQ(before.numerator(), 20);
  EXPECT_EQ(before.denominator(), 160);
  EXPECT_EQ(after.numerator(), 20);
  EXPECT_EQ(after.denominator(), 170);
  EXPECT_GT(before.value(), after.value());  // what a reader would compare: 12.5% -> 11.8%
  EXPECT_EQ(before.change_since_previous(), v1::CHANGE_UNSPECIFIED);  // the first census date
  EXPECT_EQ(after.change_since_previous(), v1::CHANGE_NO_SIGNIFICANT_CHANGE);
  EXPECT_EQ(ChangeWords(after.change_since_previous()), "no significant change");
}

TEST(IndicatorChange, Issue17_ASignificantRiseIsCalledUp) {
  History h;
  h.Staffs(1, 10, "2024-01-15", TIER_SENIOR, ETHNICITY_H_ASIAN_INDIAN);
  h.Staffs(100, 190, "2024-01-15", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(300, 60, "2024-04-15", TIER_SENIOR, ETHNICITY_H_ASIAN_INDIAN);
  CubeSet set{IndicatorSettings{}};
  set.Refresh(h.Build(), h.events().size(), nullptr, nullptr);
  const Cell after = Find(set.cubes().at({"BTHFT", Day("2024-06-30")}).cube(), "representation_bme", "tier=TIER_SENIOR");
  EXPECT_EQ(after.change_since_previous(), v1::CHANGE_UP);
}

TEST(IndicatorChange, Issue17_ASuppressedCellCarriesNoChange) {
  History h;
  h.Staffs(1, 3, "2024-01-15", TIER_SENIOR, ETHNICITY_H_ASIAN_INDIAN);
  h.Staffs(100, 4, "2024-01-15", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(300, 1, "2024-04-15", TIER_SENIOR, ETHNICITY_H_ASIAN_INDIAN);
  CubeSet set{IndicatorSettings{}};
  set.Refresh(h.Build(), h.events().size(), nullptr, nullptr);
  const Cell after = Find(set.cubes().at({"BTHFT", Day("2024-06-30")}).cube(), "representation_bme", "tier=TIER_SENIOR");
  EXPECT_TRUE(after.suppressed());
  EXPECT_TRUE(CarriesNoFigure(after));
}

// Cubes stored by an aggregator from before change_since_previous existed are
// updated on the first refresh, but no figure changed: no restatement.
TEST(IndicatorChange, Issue17_CubesStoredWithoutChangeAreNotRestated) {
  History h;
  h.Staffs(1, 19, "2024-01-15", TIER_SENIOR, ETHNICITY_H_ASIAN_INDIAN);
  h.Staffs(100, 143, "2024-01-15", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(300, 40, "2024-04-15", TIER_SENIOR, ETHNICITY_H_ASIAN_INDIAN);
  h.Staffs(400, 5, "2024-07-15", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);  // closes 2024-Q2
  CubeSet fresh{IndicatorSettings{}};
  fresh.Refresh(h.Build(), h.events().size(), nullptr, nullptr);
  std::map<CubeKey, StoredCube> old = fresh.cubes();
  size_t cleared = 0;
  for (auto& [key, stored] : old) {
    for (auto& c : *stored.mutable_cube()->mutable_cells()) {
      cleared += c.change_since_previous() != v1::CHANGE_UNSPECIFIED ? 1 : 0;
      c.clear_change_since_previous();
    }
  }
  ASSERT_GT(cleared, 0u);
  CubeSet upgraded{IndicatorSettings{}};
  upgraded.Load(std::move(old), {});
  upgraded.Refresh(h.Build(), h.events().size(), nullptr, nullptr);
  EXPECT_TRUE(upgraded.restatements().empty()) << upgraded.restatements().size() << " restatements";
  const Cell after = Find(upgraded.cubes().at({"BTHFT", Day("2024-06-30")}).cube(), "representation_bme",
                          "tier=TIER_SENIOR");
  EXPECT_EQ(after.change_since_previous(), v1::CHANGE_UP);
}

}  // namespace
}  // namespace dxhub::aggregator::testing
