#include "dxhub/digest/chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cairo_util.h"

namespace dxhub::digest {
namespace {

constexpr double kFontSize = 13;       // labels: readable at 100% in a mail client
constexpr double kRowHeight = 26;
constexpr double kBarHeight = 16;
constexpr double kPadding = 8;
constexpr double kValueColumn = 64;    // room for "100.0%" after the longest bar
constexpr double kAxisHeight = 22;     // tick labels under the bars
constexpr double kLegendHeight = 20;   // the reference line's label above the bars

// The share at the right end of the axis: a whole number of ticks past the largest value.
double AxisMax(const BarChart& chart, double* tick) {
  double max = chart.reference.value_or(0);
  for (const ChartBar& bar : chart.bars) max = std::max(max, bar.share.value_or(0));
  return ShareAxisMax(max, tick);
}

}  // namespace

std::string FormatShare(double share) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", share * 100);
  return text;
}

double BarChartHeight(const BarChart& chart) {
  return ChartTitleHeight(chart.title) + (chart.reference ? kLegendHeight : 0) +
         kRowHeight * static_cast<double>(chart.bars.size()) + kAxisHeight;
}

void DrawBarChart(cairo_t* cr, const BarChart& chart, double x, double y, double width) {
  cairo_save(cr);
  y += DrawChartTitle(cr, chart.title, x, y, width);
  SetFont(cr, kFontSize, false);
  double label_width = 0;
  for (const ChartBar& bar : chart.bars) label_width = std::max(label_width, TextWidth(cr, bar.label));
  label_width = std::min(label_width + kPadding, width * 0.4);
  const double plot_x = x + label_width;
  const double plot_width = std::max(10.0, width - label_width - kValueColumn);
  double tick = 0.1;
  const double axis_max = AxisMax(chart, &tick);
  const auto at = [&](double share) { return plot_x + plot_width * share / axis_max; };
  const double top = y + (chart.reference ? kLegendHeight : 0);
  const double bottom = top + kRowHeight * static_cast<double>(chart.bars.size());

  // Grid and tick labels.
  cairo_set_line_width(cr, 1);
  for (double t = 0; t <= axis_max + 1e-9; t += tick) {
    SetRgb(cr, 0xDDDDDD);
    cairo_move_to(cr, std::round(at(t)) + 0.5, top);
    cairo_line_to(cr, std::round(at(t)) + 0.5, bottom);
    cairo_stroke(cr);
    SetRgb(cr, 0x555555);
    char text[8];
    std::snprintf(text, sizeof text, "%.0f%%", t * 100);  // "20%"
    ShowText(cr, at(t) - TextWidth(cr, text) / 2, bottom + kFontSize + 4, text);
  }
  // Labels and bars.
  const auto row_top = [&](size_t i) { return top + kRowHeight * static_cast<double>(i); };
  const auto baseline = [&](size_t i) { return row_top(i) + kRowHeight / 2 + kFontSize / 2 - 2; };
  const auto bar_end = [&](const ChartBar& bar) { return bar.share ? std::round(at(*bar.share)) : plot_x; };
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const ChartBar& bar = chart.bars[i];
    SetRgb(cr, 0x222222);
    ShowText(cr, x, baseline(i), EllipsizeToWidth(cr, bar.label, label_width - kPadding));
    if (bar.share) {
      SetRgb(cr, kBarRgb);
      cairo_rectangle(cr, plot_x, std::round(row_top(i) + (kRowHeight - kBarHeight) / 2), bar_end(bar) - plot_x,
                      kBarHeight);
      cairo_fill(cr);
    }
  }
  // The reference line, dashed so it reads without colour, over the bars, and its label.
  if (chart.reference) {
    const double rx = std::round(at(*chart.reference)) + 0.5;
    SetRgb(cr, 0xB03A2E);
    cairo_set_line_width(cr, 2);
    const double dash[] = {5, 3};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, rx, top - 4);
    cairo_line_to(cr, rx, bottom);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    const std::string legend = chart.reference_label + " " + FormatShare(*chart.reference);
    const double legend_x = std::clamp(rx - TextWidth(cr, legend) / 2, x, x + width - TextWidth(cr, legend));
    ShowText(cr, legend_x, top - 8, legend);
  }
  // Values, each on a white patch so the reference line never hides one.
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const ChartBar& bar = chart.bars[i];
    const std::string value = bar.value_text.empty() && bar.share ? FormatShare(*bar.share) : bar.value_text;
    const double end = bar_end(bar);
    SetRgb(cr, 0xFFFFFF);
    cairo_rectangle(cr, end + 2, baseline(i) - kFontSize, TextWidth(cr, value) + 4, kFontSize + 4);
    cairo_fill(cr);
    SetRgb(cr, 0x222222);
    ShowText(cr, end + 4, baseline(i), value);
  }
  cairo_restore(cr);
}

Result<std::string> RenderBarChartPng(const BarChart& chart, int width) {
  if (chart.bars.empty()) return Status::InvalidArgument("chart \"" + chart.title + "\" has no bars");
  const std::string where = "chart \"" + chart.title + "\": ";
  for (const ChartBar& bar : chart.bars) {
    if (bar.share) DXHUB_RETURN_IF_ERROR(CheckShare(*bar.share, where + "bar \"" + bar.label + "\" has share"));
  }
  if (chart.reference) DXHUB_RETURN_IF_ERROR(CheckShare(*chart.reference, where + "the reference"));
  return DrawToPng(width, BarChartHeight(chart),
                   [&chart](cairo_t* cr, double x, double inner) { DrawBarChart(cr, chart, x, 0, inner); });
}

}  // namespace dxhub::digest
