// Charts and the PDF report, checked the way a reader meets them: the PNG
// decoded and measured, the PDF rendered to PNG pages by poppler's pdftoppm
// and its text read back with pdftotext (issue 17, acceptance 1).
#include <gtest/gtest.h>

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "dxhub/digest/chart.h"
#include "dxhub/digest/pdf_report.h"
#include "dxhub/digest/trend_chart.h"
#include "dxhub/testing/child_process.h"
#include "dxhub/testing/test_dir.h"

namespace dxhub::digest {
namespace {

namespace fs = std::filesystem;

// A decoded PNG (RGB24), owned.
struct Image {
  cairo_surface_t* surface = nullptr;
  explicit Image(const std::string& png) {
    struct Reader {
      const std::string* data;
      size_t at = 0;
    } reader{&png};
    surface = cairo_image_surface_create_from_png_stream(
        [](void* closure, unsigned char* out, unsigned int length) {
          auto* r = static_cast<Reader*>(closure);
          if (r->at + length > r->data->size()) return CAIRO_STATUS_READ_ERROR;
          std::copy_n(r->data->data() + r->at, length, out);
          r->at += length;
          return CAIRO_STATUS_SUCCESS;
        },
        &reader);
  }
  ~Image() { cairo_surface_destroy(surface); }
  bool ok() const { return cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS; }
  int width() const { return cairo_image_surface_get_width(surface); }
  int height() const { return cairo_image_surface_get_height(surface); }
  uint32_t Rgb(int x, int y) const {
    const auto* row = cairo_image_surface_get_data(surface) + y * cairo_image_surface_get_stride(surface);
    return reinterpret_cast<const uint32_t*>(row)[x] & 0xFFFFFF;
  }
};

BarChart Shares() {
  BarChart chart;
  chart.title = "Ethnically diverse share of senior staff (Band 8a and above)";
  chart.bars = {{"Bradford Teaching Hospitals", 0.30, ""},
                {"Airedale", 0.15, ""},
                {"Bradford District Care", std::nullopt, "suppressed"},
                {"Bradford Council", 0.212, ""}};
  chart.reference = 0.24;
  chart.reference_label = "District population";
  return chart;
}

TEST(DigestRender, A1_BarChartPngShowsBarsInProportionAndTheReferenceLine) {
  auto png = RenderBarChartPng(Shares(), 640);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  // DXHUB_KEEP_CHART=path keeps the PNG (the module README's example).
  if (const char* keep = std::getenv("DXHUB_KEEP_CHART")) std::ofstream(keep, std::ios::binary) << *png;
  Image image(*png);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(image.width(), 640);
  EXPECT_EQ(image.height(), static_cast<int>(std::ceil(BarChartHeight(Shares()))));
  // Each row's bar-coloured pixels: where they start and how far they reach
  // (the dashed reference line may cross a bar).
  std::vector<std::pair<int, int>> bars;  // (start, length)
  for (int y = 0; y < image.height(); ++y) {
    int start = -1;
    int length = 0;
    for (int x = 0; x < image.width(); ++x) {
      if (image.Rgb(x, y) == kBarRgb) {
        if (start < 0) start = x;
        length = x - start + 1;
      }
    }
    if (length > 0 && (bars.empty() || bars.back().second != length)) bars.emplace_back(start, length);
  }
  ASSERT_EQ(bars.size(), 3u) << "three drawn bars (the suppressed one has none)";
  EXPECT_EQ(bars[0].first, bars[1].first);
  EXPECT_EQ(bars[0].first, bars[2].first);
  EXPECT_NEAR(static_cast<double>(bars[0].second) / bars[1].second, 0.30 / 0.15, 0.05);
  EXPECT_NEAR(static_cast<double>(bars[2].second) / bars[1].second, 0.212 / 0.15, 0.05);
  // The dashed reference line at 24%, between the two bars' ends.
  const double per_share = bars[0].second / 0.30;
  const int rx = bars[0].first + static_cast<int>(std::round(0.24 * per_share));
  int dark = 0;
  for (int y = 0; y < image.height(); ++y) {
    for (int dx = -1; dx <= 1; ++dx) {
      const uint32_t rgb = image.Rgb(rx + dx, y);
      if (((rgb >> 16) & 0xFF) > 0x90 && (rgb & 0xFF) < 0x60) {  // the line's red
        ++dark;
        break;
      }
    }
  }
  EXPECT_GT(dark, 40) << "no reference line at x=" << rx;
}

TEST(DigestRender, A1_BarChartRefusesSharesOutsideZeroToOne) {
  BarChart chart = Shares();
  chart.bars[1].share = 1.5;
  auto png = RenderBarChartPng(chart);
  ASSERT_FALSE(png.ok());
  EXPECT_NE(png.status().message().find("bar \"Airedale\" has share 1.5"), std::string::npos);
  EXPECT_FALSE(RenderBarChartPng(BarChart{}).ok());
}

TEST(DigestRender, A1_PdfReportRendersToPagesWithPdftoppm) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  PdfReport report("Quarterly digest");
  report.Title("Quarterly digest: Bradford and Craven");
  report.Heading("Place summary");
  report.Paragraph("Eight partners reported this quarter. The first paragraph is long enough to wrap over more "
                   "than one line of the A4 page, so the wrapping is exercised as well as the page flow.");
  report.Chart(Shares());
  for (int i = 1; i <= 80; ++i) report.Paragraph("Paragraph " + std::to_string(i) + " of the comparability notes.");
  report.Heading("Last section");
  report.Paragraph("The end of the report.");
  auto pdf = report.Finish();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_GE(report.pages(), 3);
  const fs::path file = dir / "report.pdf";
  std::ofstream(file, std::ios::binary) << *pdf;

  auto pages = dxhub::testing::RunCommandFor("/usr/bin/pdftoppm", {"-png", "-r", "40", file.string(),
                                                                   (dir / "page").string()},
                                             dir / "pdftoppm");
  ASSERT_EQ(pages.code, 0) << pages.err;
  int rendered = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind("page-", 0) == 0 && entry.path().extension() == ".png") {
      ++rendered;
      EXPECT_GT(fs::file_size(entry.path()), 500u) << entry.path();
    }
  }
  EXPECT_EQ(rendered, report.pages());

  auto text = dxhub::testing::RunCommandFor("/usr/bin/pdftotext", {file.string(), "-"}, dir / "pdftotext");
  ASSERT_EQ(text.code, 0) << text.err;
  for (const char* expected : {"Quarterly digest: Bradford and Craven", "Place summary", "District population 24.0%",
                               "suppressed", "Paragraph 80 of the comparability notes.", "The end of the report.",
                               "Page 3"}) {
    EXPECT_NE(text.out.find(expected), std::string::npos) << expected;
  }
}

TrendChart OneTrend(std::vector<std::optional<double>> shares) {
  TrendChart chart;
  chart.title = "Ethnically diverse share in senior tiers, last census dates";
  chart.periods = {"2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"};
  chart.rows = {{"Bradford Teaching Hospitals", std::move(shares), "25.0% up"}};
  chart.reference = 0.389;
  chart.reference_label = "District population";
  return chart;
}

// The (x, y) of every pixel of the line's exact colour (the dots' centres and the line's core).
std::vector<std::pair<int, int>> LinePixels(const Image& image) {
  std::vector<std::pair<int, int>> out;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      if (image.Rgb(x, y) == kTrendRgb) out.emplace_back(x, y);
    }
  }
  return out;
}

TEST(DigestRender, Issue17_TrendChartPngDrawsEachPartnersLineAndTheDistrictPopulation) {
  auto png = RenderTrendChartPng(OneTrend({0.10, 0.15, 0.20, 0.25}), 640);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  Image image(*png);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(image.width(), 640);
  EXPECT_EQ(image.height(), static_cast<int>(std::ceil(TrendChartHeight(OneTrend({0.1, 0.1, 0.1, 0.1})))));
  const auto line = LinePixels(image);
  ASSERT_FALSE(line.empty());
  const auto [left, right] = std::minmax_element(line.begin(), line.end());
  EXPECT_GT(right->first - left->first, 200) << "the line spans the periods";
  EXPECT_GT(left->second, right->second) << "a rising share rises (y grows downwards)";
  // The dashed district population line: a horizontal run of its red above the line (38.9% > 25%).
  std::map<int, int> red_by_row;
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const uint32_t rgb = image.Rgb(x, y);
      if (((rgb >> 16) & 0xFF) > 0x90 && (rgb & 0xFF) < 0x60 && ((rgb >> 8) & 0xFF) < 0x70) ++red_by_row[y];
    }
  }
  int reference_y = -1;
  for (const auto& [y, n] : red_by_row) {
    if (n > 100) reference_y = y;
  }
  ASSERT_GE(reference_y, 0) << "no reference line";
  EXPECT_LT(reference_y, right->second);

  // A withheld period is a gap in the line, not a fall to zero.
  auto gap_png = RenderTrendChartPng(OneTrend({0.30, std::nullopt, std::nullopt, 0.30}), 640);
  ASSERT_TRUE(gap_png.ok());
  Image gap(*gap_png);
  std::set<int> columns;
  int lowest = 0;
  for (const auto& [x, y] : LinePixels(gap)) {
    columns.insert(x);
    lowest = std::max(lowest, y);
  }
  ASSERT_FALSE(columns.empty());
  const int span = *columns.rbegin() - *columns.begin();
  EXPECT_LT(static_cast<int>(columns.size()), span / 4) << "two dots, no line between them";
  const auto flat = LinePixels(Image(*RenderTrendChartPng(OneTrend({0.30, 0.30, 0.30, 0.30}), 640)));
  int flat_lowest = 0;
  for (const auto& p : flat) flat_lowest = std::max(flat_lowest, p.second);
  EXPECT_EQ(lowest, flat_lowest) << "nothing drawn at zero";
}

TEST(DigestRender, Issue17_TrendChartRefusesWhatItCannotDraw) {
  TrendChart chart = OneTrend({0.1, 1.5, 0.2, 0.2});
  auto png = RenderTrendChartPng(chart);
  ASSERT_FALSE(png.ok());
  EXPECT_NE(png.status().message().find("row \"Bradford Teaching Hospitals\" has share 1.5"), std::string::npos)
      << png.status().message();
  chart = OneTrend({0.1, 0.2});
  png = RenderTrendChartPng(chart);
  ASSERT_FALSE(png.ok());
  EXPECT_NE(png.status().message().find("has 2 values for 4 periods"), std::string::npos) << png.status().message();
  EXPECT_FALSE(RenderTrendChartPng(TrendChart{}).ok());
}

TEST(DigestRender, Issue17_TrendChartIsInThePdf) {
  const fs::path dir = dxhub::testing::FreshTestDir("digest");
  PdfReport report("Trend");
  report.Heading("Senior representation by partner");
  report.Chart(OneTrend({0.10, 0.15, 0.20, 0.25}));
  auto pdf = report.Finish();
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const fs::path file = dir / "trend.pdf";
  std::ofstream(file, std::ios::binary) << *pdf;
  auto text = dxhub::testing::RunCommandFor("/usr/bin/pdftotext", {file.string(), "-"}, dir / "pdftotext");
  ASSERT_EQ(text.code, 0) << text.err;
  for (const char* expected : {"Ethnically diverse share in senior tiers, last census dates",
                               "Bradford Teaching Hospitals", "25.0% up", "District population 38.9%", "2023-03-31",
                               "2023-12-31"}) {
    EXPECT_NE(text.out.find(expected), std::string::npos) << expected << "\n" << text.out;
  }
}

}  // namespace
}  // namespace dxhub::digest
