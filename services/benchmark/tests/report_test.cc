// Unit tests of the benchmark library: the framework loader, the quantile
// method (against a hand computation) and the report on a small cycle.
#include <gtest/gtest.h>

#include <limits>
#include <map>

#include "dxhub/benchmark/fetch.h"
#include "dxhub/benchmark/framework.h"
#include "dxhub/benchmark/render.h"
#include "dxhub/benchmark/report.h"

namespace dxhub::benchmark {
namespace {

using dxhub::event::v1::StoredEvent;

TEST(Framework, D1_ShippedFrameworkLoadsWithQuestionsUnderTheFiveWorkStreams) {
  auto fw = LoadFramework(std::string(DXHUB_SOURCE_DIR) + "/deploy/frameworks/edi-peer-review-v1.yaml");
  ASSERT_TRUE(fw.ok()) << fw.status().message();
  EXPECT_EQ(fw->version, "edi-peer-review-v1");
  EXPECT_GE(fw->questions.size(), 15u);
  EXPECT_LE(fw->questions.size(), 25u);
  ASSERT_EQ(fw->work_streams.size(), 5u);
  EXPECT_EQ(fw->work_streams[0].name, "Leading inclusively");
  EXPECT_EQ(fw->work_streams[4].name, "Working intersectionally");
  EXPECT_EQ(fw->sha256.size(), 64u);
  ASSERT_NE(fw->Find("A3"), nullptr);
  EXPECT_EQ(fw->Find("A3")->indicator.name, "declaration_ethnicity");
  EXPECT_EQ(fw->Find("C1")->indicator.name, "wres2_appointed_rl");
}

TEST(Framework, D1_ErrorNamesFileLineAndColumn) {
  const std::string text =
      "framework: x\nversion: x-v1\nlevels: {1: a, 2: b, 3: c, 4: d}\nwork_streams:\n"
      "  - id: A\n    name: Leading inclusively\n    questions:\n"
      "      - id: A1\n        title: T\n        question: Q\n        evidence: E\n"
      "        levels: {1: a, 2: b, 3: c, 4: d}\n        indicator: {name: n, breakdown: b, better: sideways}\n";
  auto fw = ParseFramework(text, "fw.yaml");
  ASSERT_FALSE(fw.ok());
  EXPECT_NE(fw.status().message().find("fw.yaml:13:"), std::string::npos) << fw.status().message();
  EXPECT_NE(fw.status().message().find("sideways"), std::string::npos) << fw.status().message();
}

TEST(Benchmark, A1_QuartilesMatchAHandComputation) {
  // Sorted 1 2 2 3 3 4 4 (n = 7): h(0.25) = 1.5 -> 2 + 0.5 (2 - 2) = 2; h(0.5) = 3 -> 3;
  // h(0.75) = 4.5 -> 3 + 0.5 (4 - 3) = 3.5.
  auto q = ComputeQuartiles({4, 2, 3, 1, 4, 3, 2});
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->n, 7u);
  EXPECT_DOUBLE_EQ(q->q1, 2.0);
  EXPECT_DOUBLE_EQ(q->median, 3.0);
  EXPECT_DOUBLE_EQ(q->q3, 3.5);
  // n = 4: 0.10 0.20 0.40 0.80 -> h = 0.75, 1.5, 2.25 -> 0.175, 0.30, 0.50.
  q = ComputeQuartiles({0.8, 0.1, 0.4, 0.2});
  EXPECT_NEAR(q->q1, 0.175, 1e-12);
  EXPECT_NEAR(q->median, 0.30, 1e-12);
  EXPECT_NEAR(q->q3, 0.50, 1e-12);
  EXPECT_EQ(BandOf(0.1, *q), Band::kLowestQuarter);
  EXPECT_EQ(BandOf(0.3, *q), Band::kMiddleHalf);
  EXPECT_EQ(BandOf(0.8, *q), Band::kHighestQuarter);
  EXPECT_FALSE(ComputeQuartiles({}).has_value());
}

StoredEvent Stored(uint64_t seq, dxhub::event::v1::Event e) {
  StoredEvent s;
  s.set_seq(seq);
  *s.mutable_event() = std::move(e);
  return s;
}

Framework ShippedFramework() {
  auto fw = LoadFramework(std::string(DXHUB_SOURCE_DIR) + "/deploy/frameworks/edi-peer-review-v1.yaml");
  EXPECT_TRUE(fw.ok()) << fw.status().message();
  return fw.ok() ? *fw : Framework();
}

// A closed cycle "c1" of AA, BB and CC (a ring of reviews) self-rated 4, 3 and 2
// on every question; BB never reviews CC; AA's A1 is moderated down to 1. No cubes.
BenchmarkInputs SmallCycle() {
  const Framework framework = ShippedFramework();
  const Framework* fw = &framework;
  dxhub::event::v1::ReviewCycle cycle;
  cycle.set_cycle_id("c1");
  cycle.set_name("Test cycle");
  cycle.set_state(dxhub::event::v1::REVIEW_CYCLE_STATE_CLOSED);
  cycle.set_framework_version(fw->version);
  cycle.set_framework_sha256(fw->sha256);
  cycle.mutable_census_date()->set_year(2023);
  cycle.mutable_census_date()->set_month(3);
  cycle.mutable_census_date()->set_day(31);
  for (const char* org : {"AA", "BB", "CC"}) cycle.add_participants(org);
  for (auto [a, b] : {std::pair{"AA", "BB"}, std::pair{"BB", "CC"}, std::pair{"CC", "AA"}}) {
    auto* p = cycle.add_pairings();
    p->set_reviewer_org_id(a);
    p->set_reviewed_org_id(b);
  }
  BenchmarkInputs in;
  in.framework = *fw;
  in.events.push_back(Stored(1, CycleEvent(cycle, cycle.census_date())));
  const std::map<std::string, int> level = {{"AA", 4}, {"BB", 3}, {"CC", 2}};
  uint64_t seq = 2;
  for (const auto& [org, l] : level) {
    dxhub::event::v1::Event e;
    e.set_org_id(org);
    auto* sa = e.mutable_self_assessment();
    sa->set_cycle_id("c1");
    sa->set_assessed_org_id(org);
    for (const auto& q : fw->questions) {
      auto* r = sa->add_ratings();
      r->set_question_id(q.id);
      r->set_level(l);
      r->set_evidence("evidence of " + org);
    }
    in.events.push_back(Stored(seq++, e));
  }
  for (auto [reviewer, reviewed] : {std::pair{"AA", "BB"}, std::pair{"CC", "AA"}}) {  // BB never reviews CC
    dxhub::event::v1::Event e;
    e.set_org_id(reviewer);
    auto* pr = e.mutable_peer_review();
    pr->set_cycle_id("c1");
    pr->set_reviewed_org_id(reviewed);
    for (const auto& q : fw->questions) {
      auto* r = pr->add_ratings();
      r->set_question_id(q.id);
      r->set_self_level(level.at(reviewed));
      r->set_moderated_level(q.id == "A1" ? 1 : level.at(reviewed));
    }
    in.events.push_back(Stored(seq++, e));
  }
  return in;
}

TEST(Benchmark, A1_ReportMarksTheMissingReviewAndLeadsWithSharedThemes) {
  const BenchmarkInputs in = SmallCycle();
  const Framework* fw = &in.framework;
  ASSERT_FALSE(fw->questions.empty());
  auto report = Build(in, "c1");
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->missing.size(), 1u);
  EXPECT_NE(report->missing[0].find("MISSING review: BB has not reviewed CC"), std::string::npos);
  // Reviewed: AA at 4, BB at 3 -> every question but A1 is a shared strength; A1 (both moderated to 1) a shared gap.
  EXPECT_EQ(report->shared_strengths.size(), fw->questions.size() - 1);
  ASSERT_EQ(report->shared_gaps.size(), 1u);
  EXPECT_EQ(report->shared_gaps[0].question->id, "A1");
  EXPECT_DOUBLE_EQ(report->questions[1].place->median, 3.5);
  EXPECT_EQ(report->questions[1].learn_from, std::vector<std::string>{"AA"});
  EXPECT_EQ(report->gaps[0].moderated_down, 1);  // AA's A1
  const std::string html = RenderHtml(*report);
  EXPECT_LT(html.find("Shared strengths"), html.find("Practice by work stream"));
  EXPECT_NE(html.find("MISSING review"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_NE(RenderJson(*report).find("\"shared_gaps\""), std::string::npos);
  EXPECT_NE(RenderCsv(*report).find("c1,missing"), std::string::npos);
}

// The aggregator publishes a relative likelihood with no one in a group compared
// as NaN or infinity; such a figure is "not defined": left out of the place
// quartiles and the charts, named in the notes (it used to reach the SVG as
// "nan" coordinates, which Chromium reports as console errors).
TEST(Benchmark, A4_UndefinedIndicatorFigureIsLeftOutOfQuartilesAndCharts) {
  BenchmarkInputs in = SmallCycle();
  const std::map<std::string, double> rl = {
      {"AA", 1.2}, {"BB", std::numeric_limits<double>::quiet_NaN()}, {"CC", std::numeric_limits<double>::infinity()},
      {"PLACE", std::numeric_limits<double>::quiet_NaN()}};
  for (const auto& [scope, value] : rl) {
    dxhub::aggregator::v1::Cube cube;
    cube.set_scope(scope);
    auto* cell = cube.add_cells();
    cell->set_indicator("wres2_appointed_rl");
    cell->set_breakdown("White_vs_BME");
    cell->set_value(value);
    in.cubes.push_back(cube);
  }
  auto report = Build(in, "c1");
  ASSERT_TRUE(report.ok()) << report.status().message();
  const IndicatorResult* rl_result = nullptr;
  for (const auto& i : report->indicators) {
    if (i.link.name == "wres2_appointed_rl") rl_result = &i;
  }
  ASSERT_NE(rl_result, nullptr);
  ASSERT_TRUE(rl_result->place.has_value());
  EXPECT_EQ(rl_result->place->n, 1u);
  EXPECT_DOUBLE_EQ(rl_result->place->median, 1.2);
  EXPECT_FALSE(rl_result->place_value.has_value());
  EXPECT_FALSE(rl_result->values[1].band.has_value()) << "no position for a figure that is not a number";
  EXPECT_FALSE(rl_result->values[2].band.has_value());
  const std::string html = RenderHtml(*report);
  for (const char* bad : {"\"nan", "\"-nan", "\"inf", "\"-inf", "nan%", "inf%"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
  EXPECT_NE(html.find("BB: not defined (no one in a group compared); CC: not defined"), std::string::npos);
  const std::string json = RenderJson(*report);
  EXPECT_EQ(json.find("NaN"), std::string::npos);
  EXPECT_NE(json.find("\"not_defined\": true"), std::string::npos);
  EXPECT_NE(RenderCsv(*report).find("c1,indicator,wres2_appointed_rl/White_vs_BME,,BB,,,,1.2000,1.2000,1.2000,,not defined"),
            std::string::npos)
      << RenderCsv(*report);
  bool noted = false;
  for (const auto& n : report->comparability) noted = noted || n.rfind("2 organisation figure(s) are not defined", 0) == 0;
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace dxhub::benchmark
