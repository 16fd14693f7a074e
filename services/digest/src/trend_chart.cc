#include "dxhub/digest/trend_chart.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "cairo_util.h"
#include "dxhub/digest/chart.h"

namespace dxhub::digest {
namespace {

constexpr double kFontSize = 13;
constexpr double kRowHeight = 40;     // one partner's small line
constexpr double kPadding = 8;
constexpr double kValueColumn = 215;  // "100.0% no significant change"
constexpr double kAxisHeight = 22;    // period labels under the rows
constexpr double kLegendHeight = 20;  // the reference line's meaning above the rows
constexpr double kDot = 3;

}  // namespace

double TrendChartHeight(const TrendChart& chart) {
  return ChartTitleHeight(chart.title) + (chart.reference ? kLegendHeight : 0) +
         kRowHeight * static_cast<double>(chart.rows.size()) + kAxisHeight;
}

void DrawTrendChart(cairo_t* cr, const TrendChart& chart, double x, double y, double width) {
  cairo_save(cr);
  y += DrawChartTitle(cr, chart.title, x, y, width);
  SetFont(cr, kFontSize, false);
  double label_width = 0;
  for (const TrendRow& row : chart.rows) label_width = std::max(label_width, TextWidth(cr, row.label));
  label_width = std::min(label_width + kPadding, width * 0.35);
  const double plot_x = x + label_width + kPadding;
  const double plot_width = std::max(10.0, width - label_width - kValueColumn - 2 * kPadding);
  double max = chart.reference.value_or(0);
  for (const TrendRow& row : chart.rows) {
    for (const auto& share : row.shares) max = std::max(max, share.value_or(0));
  }
  double tick = 0.1;
  const double axis_max = ShareAxisMax(max, &tick);
  const size_t n = chart.periods.size();
  const auto at_x = [&](size_t i) {
    return n <= 1 ? plot_x + plot_width / 2 : plot_x + plot_width * static_cast<double>(i) / static_cast<double>(n - 1);
  };
  const double top = y + (chart.reference ? kLegendHeight : 0);
  const auto row_top = [&](size_t r) { return top + kRowHeight * static_cast<double>(r); };
  // Within a row: 0 at its bottom (less padding), axis_max at its top.
  const auto at_y = [&](size_t r, double share) {
    return row_top(r) + kRowHeight - 6 - (kRowHeight - 12) * share / axis_max;
  };
  const double bottom = row_top(chart.rows.size());

  // Period labels: the first and the last always, the others where they fit between.
  SetRgb(cr, 0x555555);
  const auto label_left = [&](size_t i) {
    const double w = TextWidth(cr, chart.periods[i]);
    return std::clamp(at_x(i) - w / 2, plot_x - kPadding, plot_x + plot_width + kPadding - w);
  };
  const double last_left = n == 0 ? 0 : label_left(n - 1);
  double free_from = plot_x - label_width;
  for (size_t i = 0; i < n; ++i) {
    const double left = label_left(i);
    const double right = left + TextWidth(cr, chart.periods[i]) + kPadding;
    if (i + 1 != n && (left < free_from || right > last_left)) continue;
    ShowText(cr, left, bottom + kFontSize + 4, chart.periods[i]);
    free_from = right;
  }
  for (size_t r = 0; r < chart.rows.size(); ++r) {
    const TrendRow& row = chart.rows[r];
    // The row: a light band, its label, the reference line, the line, the value.
    SetRgb(cr, r % 2 == 0 ? 0xF4F7FA : 0xFFFFFF);
    cairo_rectangle(cr, x, row_top(r), width, kRowHeight);
    cairo_fill(cr);
    SetRgb(cr, 0x222222);
    ShowText(cr, x, row_top(r) + kRowHeight / 2 + kFontSize / 2 - 2, EllipsizeToWidth(cr, row.label, label_width));
    if (chart.reference) {
      SetRgb(cr, 0xB03A2E);
      cairo_set_line_width(cr, 1.5);
      const double dash[] = {5, 3};
      cairo_set_dash(cr, dash, 2, 0);
      const double ry = std::round(at_y(r, *chart.reference)) + 0.5;
      cairo_move_to(cr, plot_x - kPadding, ry);
      cairo_line_to(cr, plot_x + plot_width + kPadding, ry);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    }
    SetRgb(cr, kTrendRgb);
    cairo_set_line_width(cr, 2.5);
    bool drawing = false;  // a withheld period breaks the line
    for (size_t i = 0; i < row.shares.size() && i < n; ++i) {
      if (!row.shares[i]) {
        drawing = false;
        continue;
      }
      if (drawing) cairo_line_to(cr, at_x(i), at_y(r, *row.shares[i]));
      else cairo_move_to(cr, at_x(i), at_y(r, *row.shares[i]));
      drawing = true;
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < row.shares.size() && i < n; ++i) {
      if (!row.shares[i]) continue;
      cairo_arc(cr, at_x(i), at_y(r, *row.shares[i]), kDot, 0, 2 * std::numbers::pi);
      cairo_fill(cr);
    }
    SetRgb(cr, 0x222222);
    ShowText(cr, plot_x + plot_width + 2 * kPadding, row_top(r) + kRowHeight / 2 + kFontSize / 2 - 2,
             EllipsizeToWidth(cr, row.value_text, kValueColumn - kPadding));
  }
  if (chart.reference) {
    SetRgb(cr, 0xB03A2E);
    ShowText(cr, plot_x, top - 6, "- - " + chart.reference_label + " " + FormatShare(*chart.reference));
  }
  cairo_restore(cr);
}

Result<std::string> RenderTrendChartPng(const TrendChart& chart, int width) {
  if (chart.rows.empty() || chart.periods.empty()) {
    return Status::InvalidArgument("trend chart \"" + chart.title + "\" has no rows or no periods");
  }
  const std::string where = "trend chart \"" + chart.title + "\": ";
  for (const TrendRow& row : chart.rows) {
    if (row.shares.size() != chart.periods.size()) {
      return Status::InvalidArgument(where + "row \"" + row.label + "\" has " +
                                     std::to_string(row.shares.size()) + " values for " +
                                     std::to_string(chart.periods.size()) + " periods");
    }
    for (const auto& share : row.shares) {
      if (share) DXHUB_RETURN_IF_ERROR(CheckShare(*share, where + "row \"" + row.label + "\" has share"));
    }
  }
  if (chart.reference) DXHUB_RETURN_IF_ERROR(CheckShare(*chart.reference, where + "the reference"));
  return DrawToPng(width, TrendChartHeight(chart),
                   [&chart](cairo_t* cr, double x, double inner) { DrawTrendChart(cr, chart, x, 0, inner); });
}

}  // namespace dxhub::digest
