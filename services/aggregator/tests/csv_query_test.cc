// The query layer and CSV over computed cubes: filters, digests, and no
// suppressed figure anywhere in a reply or a CSV.
#include "dxhub/aggregator/csv.h"
#include "dxhub/aggregator/query.h"
#include "dxhub/common/crypto.h"
#include "fixture.h"

namespace dxhub::aggregator::testing {
namespace {

CubeSet Computed(const IndicatorSettings& settings) {
  History h;
  h.Staffs(0, 30, "2023-01-10", TIER_CORE, ETHNICITY_A_WHITE_BRITISH);
  h.Staffs(100, 3, "2023-01-10", TIER_SENIOR, ETHNICITY_J_ASIAN_PAKISTANI);  // small: withheld
  h.Staffs(200, 12, "2023-01-10", TIER_SENIOR, ETHNICITY_A_WHITE_BRITISH);
  const State state = h.Build();
  CubeSet set(settings);
  set.MarkDirty({"BTHFT", Day("2023-01-10")});
  set.Refresh(state, h.events().size(), nullptr, nullptr);
  return set;
}

TEST(Query, FiltersByScopeDateAndFamily) {
  InitCrypto();
  const CubeSet set = Computed(IndicatorSettings{});
  v1::IndicatorRequest request;
  request.set_scope("BTHFT");
  request.set_family(v1::INDICATOR_FAMILY_WRES);
  const auto response = AnswerIndicators(set, request, 45);
  ASSERT_EQ(response.cubes_size(), 1);
  EXPECT_EQ(response.applied_seq(), 45u);
  for (const auto& c : response.cubes(0).cells()) EXPECT_EQ(c.indicator().rfind("wres", 0), 0u) << c.indicator();
  request.set_scope("");  // the place
  request.clear_family();
  *request.mutable_census_date() = *protocol::ParseDate("2023-03-31");
  const auto place = AnswerIndicators(set, request, 45);
  ASSERT_EQ(place.cubes_size(), 1);
  EXPECT_EQ(place.cubes(0).scope(), "place");
  EXPECT_EQ(place.digest().size(), 64u);
  EXPECT_EQ(AnswerDigest(set, 45).cubes(), 2u);
}

// Issue 17: the digest shows the district population share beside each
// partner's, and never computes a figure: the aggregator's reply carries the
// configured census figures its population_gap_pp cells are measured against.
TEST(Query, Issue17_ReplyCarriesTheDistrictPopulationShare) {
  auto settings = ParseIndicatorSettings(
      "reference_population: {name: Testshire (Census 2021), population: 1000, white_percent: 70, bme_percent: 30,\n"
      "                       groups_percent: {pakistani: 20}}\n",
      "agg.yaml");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  const v1::ReferencePopulation published = PublishedReference(settings->population);
  EXPECT_EQ(published.name(), "Testshire (Census 2021)");
  EXPECT_EQ(published.population(), 1000);
  EXPECT_DOUBLE_EQ(published.bme_share(), 0.30);
  EXPECT_DOUBLE_EQ(published.white_share(), 0.70);
  // The default is DOMAIN.md's Bradford district, 38.9% ethnically diverse.
  EXPECT_DOUBLE_EQ(PublishedReference(IndicatorSettings{}.population).bme_share(), 0.389);
}

TEST(Query, NoSuppressedFigureInAnyReplyOrCsv) {
  InitCrypto();
  for (const auto& settings : {IndicatorSettings{}, ExactSettings()}) {
    const CubeSet set = Computed(settings);
    v1::IndicatorRequest request;
    request.set_scope("BTHFT");
    const auto response = AnswerIndicators(set, request, 45);
    int suppressed = 0;
    for (const auto& cube : response.cubes()) {
      for (const auto& c : cube.cells()) {
        if (!c.suppressed()) continue;
        ++suppressed;
        EXPECT_TRUE(CarriesNoFigure(c)) << c.DebugString();
      }
    }
    EXPECT_GT(suppressed, 0);
    const Cell senior = Find(response.cubes(0), "headcount", "tier=TIER_SENIOR,group=BME");
    EXPECT_TRUE(senior.suppressed());
    const std::string csv = RenderCsv(response);
    EXPECT_NE(csv.find("BTHFT,2023-03-31,headcount,\"tier=TIER_SENIOR,group=BME\",VALUE_KIND_COUNT,*,,,,,,,,,"),
              std::string::npos)
        << csv;
  }
}

TEST(Csv, QuotesAndFormatsFigures) {
  v1::IndicatorResponse response;
  auto* cube = response.add_cubes();
  cube->set_scope("BTHFT");
  auto* c = cube->add_cells();
  c->set_indicator("representation_bme");
  c->set_breakdown("grade=Band \"8a\", nursing");
  c->set_kind(v1::VALUE_KIND_PROPORTION);
  c->set_value(0.4);
  c->set_numerator(20);
  c->set_denominator(50);
  c->set_ci_low(0.25);
  c->set_ci_high(0.5);
  *c->mutable_census_date() = *protocol::ParseDate("2023-03-31");
  const std::string csv = RenderCsv(response);
  EXPECT_EQ(csv.substr(csv.find('\n') + 1),
            "BTHFT,2023-03-31,representation_bme,\"grade=Band \"\"8a\"\", nursing\",VALUE_KIND_PROPORTION,0.4,20,50,0,0,"
            "0.25,0.5,false,,\n");
}

}  // namespace
}  // namespace dxhub::aggregator::testing
