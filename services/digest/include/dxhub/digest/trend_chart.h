// The digest's trend chart, drawn with cairo: one row per partner, each a
// small line of its published share over the last census dates on a scale
// shared by every row, with a dashed reference line (e.g. the district
// population's share) and the latest value and trend words printed at the end.
// Like the bar chart (chart.h) it draws into any cairo context (the PDF) or
// renders to PNG for the email. Pure functions; thread-safe.
#pragma once

#include <cairo.h>

#include <optional>
#include <string>
#include <vector>

#include "dxhub/common/status.h"

namespace dxhub::digest {

struct TrendRow {
  std::string label;                          // the partner's name
  std::vector<std::optional<double>> shares;  // 0..1 per period; nullopt: withheld or no data (a gap in the line)
  std::string value_text;                     // printed at the end, e.g. "11.8% no significant change"
};

struct TrendChart {
  std::string title;
  std::vector<std::string> periods;  // x axis labels, oldest first (e.g. census dates)
  std::vector<TrendRow> rows;
  std::optional<double> reference;  // 0..1, a dashed line across every row
  std::string reference_label;      // e.g. "District population"
};

// The line colour (RGB), also used by tests to find the lines in a PNG.
inline constexpr uint32_t kTrendRgb = 0x1F5F8B;

// The height the chart needs (user units).
double TrendChartHeight(const TrendChart& chart);

// Draws `chart` with its top-left corner at (x, y), `width` wide and
// TrendChartHeight() tall. Leaves the context's state as it found it.
void DrawTrendChart(cairo_t* cr, const TrendChart& chart, double x, double y, double width);

// The chart as PNG bytes, `width` pixels wide on a white background.
// InvalidArgument for a share outside 0..1, a row whose shares do not match
// the periods, or a chart without rows or periods.
Result<std::string> RenderTrendChartPng(const TrendChart& chart, int width = 640);

}  // namespace dxhub::digest
