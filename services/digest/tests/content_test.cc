// The digest content and its renderings (issue 17, "Content" and "Formats"):
// built only from the services' replies, trend words from the aggregator's
// test on exact counts, every figure shown in the CSV, Outlook-safe HTML.
#include <gtest/gtest.h>

#include "dxhub/digest/content.h"
#include "dxhub/digest/render.h"

namespace dxhub::digest {
namespace {

namespace agg = dxhub::aggregator::v1;

agg::Cell Share(const std::string& indicator, const std::string& breakdown, int64_t num, int64_t den,
                agg::Change change = agg::CHANGE_UNSPECIFIED) {
  agg::Cell c;
  c.set_indicator(indicator);
  c.set_breakdown(breakdown);
  c.set_kind(agg::VALUE_KIND_PROPORTION);
  c.set_numerator(num);
  c.set_denominator(den);
  c.set_value(static_cast<double>(num) / static_cast<double>(den));
  c.set_ci_low(c.value() - 0.05);
  c.set_ci_high(c.value() + 0.05);
  c.set_change_since_previous(change);
  return c;
}

agg::Cube CubeOn(const std::string& scope, int month, std::vector<agg::Cell> cells) {
  agg::Cube cube;
  cube.set_scope(scope);
  cube.mutable_census_date()->set_year(2024);
  cube.mutable_census_date()->set_month(month);
  cube.mutable_census_date()->set_day(month == 3 ? 31 : 30);
  for (auto& c : cells) *cube.add_cells() = std::move(c);
  return cube;
}

// Replies shaped as the services give them: the issue's real case at BTHFT,
// 19/162 then 21/169, published rounded as 20/160 = 12.5% then 20/170 = 11.8%,
// which the aggregator's test on the exact counts calls no significant change.
DigestSources Sources() {
  DigestSources s;
  *s.place.add_cubes() = CubeOn("PLACE", 3, {Share("representation_bme", "senior_and_above", 40, 400),
                                             Share("representation_bme", "workforce", 300, 1500)});
  *s.place.add_cubes() = CubeOn("PLACE", 6, {Share("representation_bme", "senior_and_above", 40, 410,
                                                   agg::CHANGE_NO_SIGNIFICANT_CHANGE),
                                             Share("representation_bme", "workforce", 310, 1510)});
  auto* district = s.place.mutable_reference_population();
  district->set_name("Bradford district (Census 2021)");
  district->set_bme_share(0.389);
  district->set_white_share(0.611);
  s.place.set_applied_seq(900);
  s.place.set_store_head_seq(900);
  auto& bthft = s.partners["BTHFT"];
  *bthft.add_cubes() = CubeOn("BTHFT", 3, {Share("representation_bme", "senior_and_above", 20, 160)});
  agg::Cell rl;
  rl.set_indicator("wres3_disciplinary_rl");
  rl.set_breakdown("BME_vs_White");
  rl.set_kind(agg::VALUE_KIND_RELATIVE_LIKELIHOOD);
  rl.set_value(1.83);
  rl.set_ci_low(1.21);
  rl.set_ci_high(2.77);
  rl.set_significant(true);
  rl.set_four_fifths(agg::FOUR_FIFTHS_ADVERSE_TO_BME);
  agg::Cell hidden;
  hidden.set_indicator("representation_bme");
  hidden.set_breakdown("workforce");
  hidden.set_kind(agg::VALUE_KIND_PROPORTION);
  hidden.set_suppressed(true);
  *bthft.add_cubes() = CubeOn("BTHFT", 6, {Share("representation_bme", "senior_and_above", 20, 170,
                                                 agg::CHANGE_NO_SIGNIFICANT_CHANGE),
                                           hidden, rl});
  auto* c = s.store_stats.add_counters();
  c->set_name("connector_last_batch_unix");
  c->set_value(1'719'792'000);  // 2024-07-01 00:00 UTC
  (*c->mutable_labels())["connector"] = "bthft-connector";
  (*c->mutable_labels())["org"] = "BTHFT";
  c = s.store_stats.add_counters();
  c->set_name("connector_rejected_total");
  c->set_value(3);
  (*c->mutable_labels())["connector"] = "bthft-connector";
  (*c->mutable_labels())["org"] = "BTHFT";
  return s;
}

const Section& Find(const DigestContent& content, const std::string& id) {
  for (const auto& s : content.sections) {
    if (s.id == id) return s;
  }
  ADD_FAILURE() << "no section " << id;
  static const Section none;
  return none;
}

TEST(DigestContent, Issue17_RoundedFallIsReportedAsNoSignificantChange) {
  DigestOptions options;
  options.now_unix = 1'719'792'000 + 3 * 86400;
  const DigestContent content = BuildDigestContent(Sources(), options);
  const Section& partners = Find(content, "partners");
  ASSERT_EQ(partners.table.rows.size(), 1u);
  const auto& row = partners.table.rows[0];
  EXPECT_EQ(row[0], "BTHFT");
  EXPECT_EQ(row[1], "11.8%");                  // the published, rounded figure
  EXPECT_EQ(row[2], "no significant change");  // not "down", though 12.5% > 11.8%
  EXPECT_EQ(row[3], "12.5% → 11.8%");
  EXPECT_EQ(row[4], "*");  // withheld by disclosure control, shown as *
  const auto rendered = RenderDigest(content);
  ASSERT_TRUE(rendered.ok()) << rendered.status().ToString();
  EXPECT_EQ(rendered->text.find(" down"), std::string::npos) << rendered->text;
  EXPECT_NE(rendered->text.find("no significant change"), std::string::npos);
}

TEST(DigestContent, Issue17_FourFifthsCompletenessAndFreshnessComeFromTheReplies) {
  DigestOptions options;
  options.now_unix = 1'719'792'000 + 3 * 86400;
  DigestSources sources = Sources();
  sources.place.set_catching_up(true);
  const DigestContent content = BuildDigestContent(sources, options);
  const Section& ff = Find(content, "four_fifths");
  ASSERT_EQ(ff.table.rows.size(), 1u);
  EXPECT_EQ(ff.table.rows[0][3], "1.83");
  EXPECT_EQ(ff.table.rows[0][4], "1.21 to 2.77");
  EXPECT_EQ(ff.table.rows[0][5], "yes");
  const Section& done = Find(content, "completeness");
  ASSERT_EQ(done.table.rows.size(), 1u);
  EXPECT_EQ(done.table.rows[0][2], "2024-07-01 00:00 UTC");
  EXPECT_EQ(done.table.rows[0][4], "3");
  EXPECT_EQ(done.table.rows[0][5], "3 days");
  ASSERT_FALSE(content.notices.empty());
  EXPECT_NE(content.notices[0].find("still catching up"), std::string::npos) << content.notices[0];
}

TEST(DigestContent, Issue17_CsvHoldsEveryFigureShownAndHtmlIsOutlookSafe) {
  const DigestContent content = BuildDigestContent(Sources(), DigestOptions{});
  const auto rendered = RenderDigest(content);
  ASSERT_TRUE(rendered.ok()) << rendered.status().ToString();
  size_t figures = 0;
  for (const auto& s : content.sections) {
    for (const auto& row : s.table.rows) {
      for (size_t i = 1; i < row.size(); ++i) {
        ++figures;
        const std::string line = CsvField(s.id) + "," + CsvField(row[0]) + "," + CsvField(s.table.columns[i]) + "," +
                                 CsvField(row[i]) + "\n";
        EXPECT_NE(rendered->csv.find(line), std::string::npos) << line;
        EXPECT_NE(rendered->html.find(HtmlEscape(row[i])), std::string::npos) << row[i];
      }
    }
  }
  EXPECT_GT(figures, 10u);
  EXPECT_EQ(rendered->html.find("<script"), std::string::npos);
  EXPECT_EQ(rendered->html.find("<svg"), std::string::npos);
  ASSERT_EQ(rendered->images.size(), 2u);  // the partners' bars and their trend
  for (const auto& image : rendered->images) {
    EXPECT_NE(rendered->html.find("src=\"cid:" + image.content_id + "\""), std::string::npos) << image.content_id;
  }
  EXPECT_NE(rendered->preview_html.find("src=\"" + rendered->images[0].filename + "\""), std::string::npos);
  EXPECT_EQ(rendered->images[0].png.substr(1, 3), "PNG");
  EXPECT_EQ(rendered->pdf.substr(0, 5), "%PDF-");
}

TEST(DigestContent, Issue17_SummaryProfileLeavesOutTheFullReportSections) {
  DigestOptions options;
  options.profile = *ParseProfile("summary");
  const DigestContent content = BuildDigestContent(Sources(), options);
  for (const auto& s : content.sections) {
    EXPECT_NE(s.id, "peer_review");
    EXPECT_NE(s.id, "programmes");
  }
  EXPECT_FALSE(ParseProfile("weekly").ok());
}

TEST(DigestContent, Issue17_ShowsTheDistrictPopulationShare) {
  const DigestContent content = BuildDigestContent(Sources(), DigestOptions{});
  const Section& partners = Find(content, "partners");
  ASSERT_EQ(partners.table.columns[5], "District population");
  EXPECT_EQ(partners.table.rows[0][5], "38.9%");  // the aggregator's figure, as published
  const auto& bars = std::get<BarChart>(partners.charts.at(0));
  ASSERT_TRUE(bars.reference.has_value());
  EXPECT_DOUBLE_EQ(*bars.reference, 0.389);
  EXPECT_EQ(bars.reference_label, "District population");
  EXPECT_NE(partners.paragraphs[0].find("(Bradford district (Census 2021), 38.9%)"), std::string::npos)
      << partners.paragraphs[0];
  const Section& summary = Find(content, "summary");
  EXPECT_NE(summary.paragraphs[0].find("The district population (Bradford district (Census 2021)) is 38.9% "
                                       "ethnically diverse."),
            std::string::npos) << summary.paragraphs[0];
  // An aggregator that does not publish it: said so, never computed here.
  DigestSources without = Sources();
  without.place.clear_reference_population();
  const DigestContent without_content = BuildDigestContent(without, DigestOptions{});
  const Section& unpublished = Find(without_content, "partners");
  EXPECT_EQ(unpublished.table.rows[0][5], "not published");
  EXPECT_FALSE(std::get<BarChart>(unpublished.charts.at(0)).reference.has_value());
}

TEST(DigestContent, F5_InputsHeldOutOfTheFiguresAreADataQualityNotice) {
  DigestSources sources = Sources();
  auto* held = sources.place.add_held_out();
  held->set_org_id("BTHFT");
  held->set_beyond_horizon(1);
  held->set_last_seq(1234);
  held->set_last_payload_type("staff_record");
  held->mutable_last_occurred_at()->set_year(2200);
  held->mutable_last_occurred_at()->set_month(12);
  held->mutable_last_occurred_at()->set_day(31);
  const DigestContent content = BuildDigestContent(sources, DigestOptions{});
  ASSERT_FALSE(content.notices.empty());
  EXPECT_EQ(content.notices.back(),
            "Data quality: BTHFT: 1 input held out of the figures (1 dated more than the horizon after it was sent); "
            "the latest, staff_record seq 1234, is dated 2200-12-31: correct the date at source.");
}

TEST(DigestContent, Issue17_TrendChartOfEachPartnersSeniorShareFollowsTheStatistics) {
  const DigestContent content = BuildDigestContent(Sources(), DigestOptions{});
  const Section& partners = Find(content, "partners");
  ASSERT_EQ(partners.charts.size(), 2u);
  const auto& trend = std::get<TrendChart>(partners.charts[1]);
  EXPECT_EQ(trend.periods, (std::vector<std::string>{"2024-03-31", "2024-06-30"}));
  ASSERT_EQ(trend.rows.size(), 1u);
  EXPECT_EQ(trend.rows[0].label, "BTHFT");
  ASSERT_EQ(trend.rows[0].shares.size(), 2u);
  EXPECT_DOUBLE_EQ(*trend.rows[0].shares[0], 20.0 / 160);
  EXPECT_DOUBLE_EQ(*trend.rows[0].shares[1], 20.0 / 170);
  // The line falls, the words do not: 19/162 -> 21/169 is no significant change on the exact counts.
  EXPECT_EQ(trend.rows[0].value_text, "11.8% no significant change");
  ASSERT_TRUE(trend.reference.has_value());
  EXPECT_DOUBLE_EQ(*trend.reference, 0.389);
  // A withheld period is a gap in the line, not a zero.
  DigestSources withheld = Sources();
  auto* cell = withheld.partners["BTHFT"].mutable_cubes(0)->mutable_cells(0);
  cell->set_suppressed(true);
  const DigestContent withheld_content = BuildDigestContent(withheld, DigestOptions{});
  const auto& gap = std::get<TrendChart>(Find(withheld_content, "partners").charts[1]);
  EXPECT_FALSE(gap.rows[0].shares[0].has_value());
  // It reaches the mail as a PNG referenced by cid: and the PDF draws it.
  const auto rendered = RenderDigest(content);
  ASSERT_TRUE(rendered.ok()) << rendered.status().ToString();
  ASSERT_EQ(rendered->images.size(), 2u);
  EXPECT_NE(rendered->html.find("<img src=\"cid:chart-2@dxhub\" width=\"640\" alt=\"" + trend.title + "\""),
            std::string::npos);
  EXPECT_NE(rendered->text.find("(chart in the HTML version: " + trend.title + ")"), std::string::npos);
}

TEST(DigestContent, Issue17_PartnersAreShownByTheirConfiguredNames) {
  DigestOptions options;
  options.partner_names = {{"BTHFT", "Bradford Teaching Hospitals NHS Foundation Trust"}};
  DigestSources sources = Sources();
  *sources.partners["WYP"].add_cubes() =
      CubeOn("WYP", 6, {Share("representation_bme", "senior_and_above", 10, 100)});
  const DigestContent content = BuildDigestContent(sources, options);
  const Section& partners = Find(content, "partners");
  ASSERT_EQ(partners.table.rows.size(), 2u);
  EXPECT_EQ(partners.table.rows[0][0], "Bradford Teaching Hospitals NHS Foundation Trust");
  EXPECT_EQ(partners.table.rows[1][0], "WYP");  // no name configured: its org id
  EXPECT_EQ(std::get<BarChart>(partners.charts[0]).bars[0].label, "Bradford Teaching Hospitals NHS Foundation Trust");
  EXPECT_EQ(std::get<TrendChart>(partners.charts[1]).rows[0].label, "Bradford Teaching Hospitals NHS Foundation Trust");
  EXPECT_EQ(Find(content, "four_fifths").table.rows[0][0], "Bradford Teaching Hospitals NHS Foundation Trust");
  EXPECT_EQ(PartnerLabel("PLACE", options.partner_names), "Place (all partners)");
}

}  // namespace
}  // namespace dxhub::digest
