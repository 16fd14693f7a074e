// Private to the digest library: RAII owners for cairo objects and the few
// text helpers the chart and the PDF report share (cairo's "toy" text API with
// DejaVu Sans from fontconfig; no shaping, enough for English text).
#pragma once

#include <cairo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dxhub/common/status.h"

namespace dxhub::digest {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using CairoSurface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using CairoContext = std::unique_ptr<cairo_t, ContextDeleter>;

// 0xRRGGBB as the source colour.
void SetRgb(cairo_t* cr, unsigned rgb);
// DejaVu Sans at `size` user units, bold or regular.
void SetFont(cairo_t* cr, double size, bool bold);
double TextWidth(cairo_t* cr, std::string_view text);
// Draws `text` with its baseline starting at (x, y).
void ShowText(cairo_t* cr, double x, double y, std::string_view text);
// `text`, shortened with "..." until it fits `width`.
std::string EllipsizeToWidth(cairo_t* cr, std::string_view text, double width);
// A chart's title, bold, at the top of its box (x, y, width); returns the
// height it takes, ChartTitleHeight(title) (0 when there is none).
double DrawChartTitle(cairo_t* cr, std::string_view title, double x, double y, double width);
double ChartTitleHeight(std::string_view title);
// The share at the right (or top) end of a chart's axis: a whole number of
// ticks (set in `tick`: 10 or 20 points) at or past `max`, at most 1.
double ShareAxisMax(double max, double* tick);
// InvalidArgument "<what> <share>, outside 0..1" unless 0 <= share <= 1.
Status CheckShare(double share, const std::string& what);
// A white image `width` pixels wide and `height` (rounded up) tall, drawn by
// `draw` inside an 8-pixel margin (it gets the inner x and width), as PNG bytes.
Result<std::string> DrawToPng(int width, double height, const std::function<void(cairo_t*, double x, double width)>& draw);
// An image surface as PNG bytes; Internal when cairo fails.
Result<std::string> WritePng(cairo_surface_t* surface);
// cairo_write_func_t appending to the std::string* in `closure`.
cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length);

}  // namespace dxhub::digest
