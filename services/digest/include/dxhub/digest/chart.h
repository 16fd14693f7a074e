// Charts for the digest, drawn with cairo: a horizontal bar chart of shares
// (one bar per partner, its value printed at the end) with an optional dashed
// reference line (e.g. the district population's share). Drawn into any cairo
// context (the PDF report uses it too) or rendered to PNG bytes for the email
// (no SVG: Outlook-class clients show only raster images). Pure functions;
// thread-safe (each call has its own surface).
#pragma once

#include <cairo.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dxhub/common/status.h"

namespace dxhub::digest {

struct ChartBar {
  std::string label;            // e.g. the partner's short name
  std::optional<double> share;  // 0..1; nullopt: no bar (e.g. suppressed), only the value text
  std::string value_text;       // printed after the bar; empty: the share as "12.5%"
};

struct BarChart {
  std::string title;
  std::vector<ChartBar> bars;
  std::optional<double> reference;  // 0..1, drawn as a dashed line across the bars
  std::string reference_label;      // e.g. "District population"
};

// The bar colour (RGB), also used by tests to find the bars in a PNG.
inline constexpr uint32_t kBarRgb = 0x1F5F8B;

// The height the chart needs at `width` (user units: pixels or points).
double BarChartHeight(const BarChart& chart);

// Draws `chart` with its top-left corner at (x, y), `width` wide and
// BarChartHeight() tall. Leaves the context's state as it found it.
void DrawBarChart(cairo_t* cr, const BarChart& chart, double x, double y, double width);

// The chart as PNG bytes, `width` pixels wide on a white background.
// InvalidArgument for a share outside 0..1 or a chart without bars.
Result<std::string> RenderBarChartPng(const BarChart& chart, int width = 640);

// "12.5%" (one decimal place).
std::string FormatShare(double share);

}  // namespace dxhub::digest
